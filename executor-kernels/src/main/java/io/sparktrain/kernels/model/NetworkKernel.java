package io.sparktrain.kernels.model;

import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.GradientSum;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Computes flat gradients and predictions of one network for given flat parameters. Holds one
 * DL4J network, so it is <b>not thread-safe</b>: use one kernel per thread.
 */
public final class NetworkKernel {
  private final MultiLayerNetwork network;
  private final ModelSpec spec;
  private final NetworkShape shape;
  private final ParameterLayout layout;

  /** Builds the network for {@code spec} and {@code shape}; its initial weights are replaced on use. */
  public NetworkKernel(ModelSpec spec, NetworkShape shape) {
    this.network = NetworkFactory.buildForTraining(spec, shape);
    this.spec = spec;
    this.shape = shape;
    this.layout = ParameterLayout.of(network);
  }

  /** Where weights and biases sit in the flat parameter vector. */
  public ParameterLayout layout() {
    return layout;
  }

  /**
   * The summed gradient of the loss over the batch's examples at {@code parameters}.
   *
   * <p>Batch normalization makes the examples of a batch interact (they are normalized with the
   * batch's statistics), so this is the gradient for this batch as one normalization batch. The
   * running-statistic entries ({@link ParameterLayout#statisticRanges}) are not gradients: DL4J
   * puts there the decrement of the running estimate for this batch, {@code (1 - decay) * (mean -
   * batchMean)} and its {@code log10} standard deviation analogue. They are returned multiplied by
   * the example count, so that combining sums and dividing by the total count gives the
   * example-weighted mean of the batches' decrements, which {@link
   * io.sparktrain.kernels.optim.OptimizerStep} subtracts as DL4J's no-op updater would.
   *
   * @param parameters flat parameters; treated as read-only
   * @param batch the examples; an empty batch gives an empty sum
   * @param dropoutSeed the step's dropout seed; with the batch's example ids it fixes every mask
   */
  public GradientSum gradient(float[] parameters, Batch batch, long dropoutSeed) {
    return gradient(parameters, batch, dropoutSeed, new float[layout.size()]);
  }

  /**
   * {@link #gradient(float[], Batch, long)} into {@code into} (one entry per parameter, every one
   * overwritten), which the returned sum then holds: a caller that reuses one array for every step
   * spares allocating the model's size each step.
   */
  public GradientSum gradient(float[] parameters, Batch batch, long dropoutSeed, float[] into) {
    if (into.length != layout.size()) {
      throw new IllegalArgumentException("expected room for " + layout.size() + " gradients, got " + into.length);
    }
    if (batch.size() == 0) {
      return new GradientSum();
    }
    load(parameters);
    network.setInput(features(batch));
    network.setLabels(labels(batch));
    new DropoutContext(dropoutSeed, batch.ids()).run(network::computeGradientAndScore);
    // DL4J leaves the per-example gradients summed over the batch and the score as their mean.
    float[] summed = FlatBuffers.copyOut(network.gradient().gradient(), into);
    for (int[] range : layout.statisticRanges()) {
      for (int i = range[0]; i < range[0] + range[1]; i++) {
        summed[i] *= batch.size();
      }
    }
    double lossSum = network.score() * batch.size();
    network.clear();
    return new GradientSum(summed, lossSum, batch.size());
  }

  /**
   * The network's outputs for the batch at {@code parameters}, in inference mode (no dropout).
   *
   * @return {@code batch.size() * outputs} values, row-major: class probabilities or targets
   */
  public float[] predict(float[] parameters, Batch batch) {
    if (batch.size() == 0) {
      return new float[0];
    }
    load(parameters);
    INDArray output = network.output(features(batch), false);
    return output.dup('c').reshape(output.length()).toFloatVector();
  }

  /** The summed loss over the batch at {@code parameters}, in inference mode. */
  public double lossSum(float[] parameters, Batch batch) {
    if (batch.size() == 0) {
      return 0;
    }
    load(parameters);
    return network.score(new DataSet(features(batch), labels(batch)), false) * batch.size();
  }

  private void load(float[] parameters) {
    if (parameters.length != layout.size()) {
      throw new IllegalArgumentException("expected " + layout.size() + " parameters, got " + parameters.length);
    }
    FlatBuffers.copyInto(network.params(), parameters);
  }

  private INDArray features(Batch batch) {
    return NetworkFactory.inputArray(spec, batch.features(), batch.size(), batch.width());
  }

  private INDArray labels(Batch batch) {
    float[] labels = batch.labels();
    if (!shape.classification()) {
      return Nd4j.create(labels, new long[] {batch.size(), 1}, 'c');
    }
    int classes = shape.outputs();
    float[] oneHot = new float[batch.size() * classes];
    for (int i = 0; i < batch.size(); i++) {
      oneHot[i * classes + (int) labels[i]] = 1f;
    }
    return Nd4j.create(oneHot, new long[] {batch.size(), classes}, 'c').castTo(DataType.FLOAT);
  }
}
