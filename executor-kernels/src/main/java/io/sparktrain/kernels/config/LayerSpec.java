package io.sparktrain.kernels.config;

import java.io.Serializable;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * One layer of a layer-list model.
 *
 * @param type dense or output
 * @param units number of outputs; for an output layer 0 means "the number of classes, or 1 for
 *     regression"
 * @param activation activation function
 * @param loss loss function; required for the output layer, must be null for others
 * @param dropout probability of dropping each input of this layer during training, in [0, 1)
 */
public record LayerSpec(LayerType type, int units, Activation activation, LossFunction loss,
    double dropout) implements Serializable {

  /** Validates the layer; {@code key} is its YAML path, such as {@code model.layers[1]}. */
  public LayerSpec {
    ConfigException.require(type != null, "layer type is required");
    ConfigException.require(activation != null, "layer activation is required");
    ConfigException.require(units >= 0, "layer units must be >= 0, got " + units);
    ConfigException.require(type == LayerType.OUTPUT || units > 0,
        "a dense layer needs units > 0, got " + units);
    ConfigException.require((type == LayerType.OUTPUT) == (loss != null),
        type == LayerType.OUTPUT ? "the output layer needs a loss" : "only the output layer takes a loss");
    ConfigException.requireInHalfOpen("layer dropout", dropout, 0, 1);
  }

  /** A dense hidden layer without dropout. */
  public static LayerSpec dense(int units, Activation activation) {
    return new LayerSpec(LayerType.DENSE, units, activation, null, 0);
  }

  /** An output layer sized from the data (classes, or 1 for regression). */
  public static LayerSpec output(Activation activation, LossFunction loss) {
    return new LayerSpec(LayerType.OUTPUT, 0, activation, loss, 0);
  }

  /** This layer with another dropout probability. */
  public LayerSpec withDropout(double rate) {
    return new LayerSpec(type, units, activation, loss, rate);
  }
}
