package io.sparktrain.kernels.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparktrain.kernels.config.ImageShape;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.kernels.optim.Schedule;
import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.Examples;
import io.sparktrain.kernels.train.SyntheticData;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Batch normalization on flat buffers against DL4J's own training: the running statistics are
 * found in the layout, kept out of the gradient path, and moved the way DL4J's fit moves them.
 */
class BatchNormalizationTest {
  private static final NetworkShape MLP_SHAPE = NetworkShape.classifier(6, 3);
  /** dense 6x5 without bias (30), batch norm over 5 (gamma, beta, mean, log10 std: 20), dense 5x4 (24), output 4x3 (15). */
  private static final ModelSpec MLP = new ModelSpec(Initialization.XAVIER, List.of(
      LayerSpec.dense(5, Activation.IDENTITY),
      new LayerSpec.BatchNormalization(0.8, 1e-5, Activation.RELU),
      LayerSpec.dense(4, Activation.TANH),
      LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
  private static final NetworkShape CNN_SHAPE = NetworkShape.classifier(36, 3);
  private static final ModelSpec CNN = new ModelSpec(Initialization.HE, new ImageShape(6, 6, 1), List.of(
      new LayerSpec.Convolution(3, LayerSpec.Window.square(3), LayerSpec.Window.square(1), LayerSpec.Window.square(1),
          Activation.IDENTITY, 0),
      new LayerSpec.BatchNormalization(),
      new LayerSpec.Subsampling(LayerSpec.Pooling.MAX, LayerSpec.Window.square(2), LayerSpec.Window.square(2),
          LayerSpec.Window.square(0)),
      LayerSpec.dense(5, Activation.RELU),
      new LayerSpec.BatchNormalization(0.95, 1e-3, Activation.IDENTITY),
      LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));

  @Test
  void theLayoutListsTheRunningStatisticsAndTheNormalizedLayerHasNoBias() {
    ParameterLayout layout = ParameterLayout.of(NetworkFactory.build(MLP, MLP_SHAPE, 1));

    assertThat(layout.size()).isEqualTo(30 + 20 + 24 + 15);
    assertThat(layout.statisticRanges()).containsExactly(new int[] {40, 5}, new int[] {45, 5});
    assertThat(layout.weightRanges()).containsExactly(new int[] {0, 30}, new int[] {50, 20}, new int[] {74, 12});
    assertThat(layout.statisticCount()).isEqualTo(10);
  }

  @Test
  void sgdStepsOfAnMlpMatchDl4jsOwnFit() {
    assertStepsMatchDl4j(MLP, MLP_SHAPE, SyntheticData.classification(24, 6, 3, 8));
  }

  @Test
  void sgdStepsOfACnnMatchDl4jsOwnFit() {
    assertStepsMatchDl4j(CNN, CNN_SHAPE, SyntheticData.classification(24, 36, 3, 9));
  }

  @Test
  void clippingPenaltiesAndAdamLeaveTheStatisticsToTheirOwnUpdate() {
    ParameterLayout layout = ParameterLayout.of(NetworkFactory.build(MLP, MLP_SHAPE, 1));
    OptimizerStep plain = new OptimizerStep(OptimizerSpec.of(OptimizerType.SGD, 0.1), new Schedule.Fixed(0.1),
        RegularizationSpec.NONE, layout);
    OptimizerStep busy = new OptimizerStep(OptimizerSpec.of(OptimizerType.ADAM, 0.1), new Schedule.Fixed(0.1),
        new RegularizationSpec(0.1, 0.1, 0.1, 1e-4, 1e-4), layout);
    float[] start = NetworkFactory.initialParameters(MLP, MLP_SHAPE, 2);
    float[] gradient = new float[layout.size()];
    Arrays.fill(gradient, 0.5f);
    float[] bySgd = start.clone();
    float[] byAdam = start.clone();

    plain.apply(bySgd, gradient.clone(), plain.newState(), 0, 0);
    busy.apply(byAdam, gradient.clone(), busy.newState(), 0, 0);

    for (int[] range : layout.statisticRanges()) {
      for (int i = range[0]; i < range[0] + range[1]; i++) {
        assertThat(bySgd[i]).as("SGD, statistic %d", i).isEqualTo(start[i] - 0.5f);
        assertThat(byAdam[i]).as("Adam with clipping and penalties, statistic %d", i).isEqualTo(start[i] - 0.5f);
      }
    }
  }

  @Test
  void inferenceNormalizesWithTheRunningStatistics() {
    NetworkKernel kernel = new NetworkKernel(MLP, MLP_SHAPE);
    Examples data = SyntheticData.classification(16, 6, 3, 4);
    float[] params = trainedParameters(kernel, data);
    Batch all = data.batch(0, 16);

    float[] together = kernel.predict(params, all);
    float[] first = kernel.predict(params, data.batch(0, 1));
    float[] second = kernel.predict(params, data.batch(1, 2));

    assertThat(Arrays.copyOfRange(together, 0, 3)).containsExactly(first);
    assertThat(Arrays.copyOfRange(together, 3, 6)).containsExactly(second);
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void distributedSubBatchesCombineTheirRunningMeansWeightedByExampleCount() {
    NetworkKernel kernel = new NetworkKernel(MLP, MLP_SHAPE);
    float[] params = NetworkFactory.initialParameters(MLP, MLP_SHAPE, 3);
    Examples data = SyntheticData.classification(10, 6, 3, 5);

    float[] whole = kernel.gradient(params, data.batch(0, 10), 0).meanGradient();
    float[] parts = kernel.gradient(params, data.batch(0, 3), 0).add(kernel.gradient(params, data.batch(3, 10), 0))
        .meanGradient();

    int[] mean = kernel.layout().statisticRanges().get(0);
    for (int i = mean[0]; i < mean[0] + mean[1]; i++) {
      assertThat(parts[i]).as("running mean %d", i).isCloseTo(whole[i], within(1e-6f + 1e-5f * Math.abs(whole[i])));
    }
  }

  private static float[] trainedParameters(NetworkKernel kernel, Examples data) {
    OptimizerStep step = new OptimizerStep(OptimizerSpec.of(OptimizerType.SGD, 0.1), new Schedule.Fixed(0.1),
        RegularizationSpec.NONE, kernel.layout());
    float[] params = NetworkFactory.initialParameters(MLP, MLP_SHAPE, 2);
    float[] state = step.newState();
    for (int t = 0; t < 5; t++) {
      step.apply(params, kernel.gradient(params, data.batch(0, data.count()), 0).meanGradient(), state, t, 0);
    }
    return params;
  }

  /** Three SGD steps on three batches by our kernel and optimizer step, and by DL4J's fit. */
  private static void assertStepsMatchDl4j(ModelSpec model, NetworkShape shape, Examples data) {
    double rate = 0.1;
    MultiLayerNetwork built = NetworkFactory.build(model, shape, 5);
    NetworkKernel kernel = new NetworkKernel(model, shape);
    OptimizerStep step = new OptimizerStep(OptimizerSpec.of(OptimizerType.SGD, rate), new Schedule.Fixed(rate),
        RegularizationSpec.NONE, kernel.layout());
    float[] ours = built.params().toFloatVector();
    float[] state = step.newState();
    MultiLayerNetwork dl4j = withSgd(built.getLayerWiseConfigurations(), rate);
    dl4j.setParams(Nd4j.createFromArray(ours.clone()));

    for (int t = 0; t < 3; t++) {
      Batch batch = data.batch(t * 8, t * 8 + 8);
      step.apply(ours, kernel.gradient(ours, batch, 0).meanGradient(), state, t, 0);
      dl4j.fit(dataSet(batch, shape.outputs()));
    }

    float[] theirs = dl4j.params().toFloatVector();
    for (int[] range : kernel.layout().statisticRanges()) {
      assertThat(ours[range[0]]).as("statistics moved from their start").isNotEqualTo(built.params().getFloat(range[0]));
    }
    for (int i = 0; i < theirs.length; i++) {
      assertThat(ours[i]).as("parameter %d", i).isCloseTo(theirs[i], within(1e-5f + 1e-4f * Math.abs(theirs[i])));
    }
  }

  private static MultiLayerNetwork withSgd(MultiLayerConfiguration configuration, double rate) {
    MultiLayerConfiguration copy = configuration.clone();
    for (NeuralNetConfiguration layer : copy.getConfs()) {
      if (layer.getLayer() instanceof BaseLayer base) {
        base.setIUpdater(new Sgd(rate));
      }
    }
    MultiLayerNetwork network = new MultiLayerNetwork(copy);
    network.init();
    return network;
  }

  private static DataSet dataSet(Batch batch, int classes) {
    INDArray features = Nd4j.create(batch.features(), new long[] {batch.size(), batch.width()}, 'c');
    float[] oneHot = new float[batch.size() * classes];
    for (int i = 0; i < batch.size(); i++) {
      oneHot[i * classes + (int) batch.labels()[i]] = 1f;
    }
    return new DataSet(features, Nd4j.create(oneHot, new long[] {batch.size(), classes}, 'c'));
  }
}
