package io.sparktrain.kernels.config;

import org.deeplearning4j.nn.weights.WeightInit;

/** Weight initialization schemes (YAML {@code model.init}). Biases always start at zero. */
public enum Initialization {
  /** Glorot & Bengio 2010, normal with variance 2 / (fanIn + fanOut). */
  XAVIER(WeightInit.XAVIER),
  /** Glorot & Bengio 2010, uniform with the same variance. */
  XAVIER_UNIFORM(WeightInit.XAVIER_UNIFORM),
  /** He et al. 2015, normal with variance 2 / fanIn; the usual choice before ReLU. */
  HE(WeightInit.RELU),
  /** He et al. 2015, uniform with the same variance. */
  HE_UNIFORM(WeightInit.RELU_UNIFORM);

  private final WeightInit dl4j;

  Initialization(WeightInit dl4j) {
    this.dl4j = dl4j;
  }

  /** The DL4J scheme that implements this one. */
  public WeightInit dl4j() {
    return dl4j;
  }
}
