package io.sparktrain.kernels.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.Examples;
import io.sparktrain.kernels.train.GradientSum;
import io.sparktrain.kernels.train.SyntheticData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class NetworkKernelTest {
  private static final ModelSpec TINY = new ModelSpec(Initialization.XAVIER, List.of(
      LayerSpec.dense(5, Activation.TANH),
      LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
  private static final NetworkShape SHAPE = NetworkShape.classifier(4, 3);

  @Test
  void flatGradientIsTheMeanLossGradientByFiniteDifferences() {
    NetworkKernel kernel = new NetworkKernel(TINY, SHAPE);
    float[] params = NetworkFactory.initialParameters(TINY, SHAPE, 7);
    Examples data = SyntheticData.classification(6, 4, 3, 11);
    Batch batch = data.batch(0, 6);

    float[] analytic = kernel.gradient(params, batch, 0).meanGradient();

    assertThat(analytic).hasSize(4 * 5 + 5 + 5 * 3 + 3);
    double h = 1e-2;
    int checked = 0;
    for (int i = 0; i < params.length; i++) {
      float[] plus = params.clone();
      float[] minus = params.clone();
      plus[i] += (float) h;
      minus[i] -= (float) h;
      double numeric = (kernel.lossSum(plus, batch) - kernel.lossSum(minus, batch)) / 6 / (2 * h);
      assertThat((double) analytic[i]).as("parameter %d", i)
          .isCloseTo(numeric, within(2e-3 + 2e-2 * Math.abs(numeric)));
      if (Math.abs(numeric) > 1e-3) {
        checked++;
      }
    }
    assertThat(checked).as("non-trivial gradient entries checked").isGreaterThan(20);
  }

  @Test
  void gradientSumsOfPartsAddUpToTheWhole() {
    NetworkKernel kernel = new NetworkKernel(TINY, SHAPE);
    float[] params = NetworkFactory.initialParameters(TINY, SHAPE, 3);
    Examples data = SyntheticData.classification(10, 4, 3, 5);

    GradientSum whole = kernel.gradient(params, data.batch(0, 10), 0);
    GradientSum parts = kernel.gradient(params, data.batch(0, 3), 0)
        .add(kernel.gradient(params, data.batch(3, 3), 0))
        .add(kernel.gradient(params, data.batch(3, 10), 0));

    assertThat(parts.count()).isEqualTo(10);
    assertThat(parts.meanLoss()).isCloseTo(whole.meanLoss(), within(1e-6));
    float[] expected = whole.meanGradient();
    float[] actual = parts.meanGradient();
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], within(1e-6f + 1e-5f * Math.abs(expected[i])));
    }
  }

  @Test
  void aReusedGradientArrayIsOverwrittenWithTheSameSumsAsAFreshOne() {
    NetworkKernel kernel = new NetworkKernel(TINY, SHAPE);
    float[] params = NetworkFactory.initialParameters(TINY, SHAPE, 3);
    Examples data = SyntheticData.classification(10, 4, 3, 5);
    float[] reused = new float[params.length];
    java.util.Arrays.fill(reused, Float.NaN);

    GradientSum first = kernel.gradient(params, data.batch(0, 5), 0, reused);
    assertThat(first.sum()).isSameAs(reused).containsExactly(kernel.gradient(params, data.batch(0, 5), 0).sum());
    GradientSum second = kernel.gradient(params, data.batch(5, 10), 0, reused);

    assertThat(second.sum()).isSameAs(reused).containsExactly(kernel.gradient(params, data.batch(5, 10), 0).sum());
    assertThat(second.lossSum()).isEqualTo(kernel.gradient(params, data.batch(5, 10), 0).lossSum());
  }

  @Test
  void dropoutMasksFollowTheSeedAndAreOffAtInference() {
    ModelSpec dropping = new ModelSpec(Initialization.XAVIER, List.of(
        LayerSpec.dense(16, Activation.RELU).withDropout(0.5),
        LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    NetworkKernel kernel = new NetworkKernel(dropping, SHAPE);
    float[] params = NetworkFactory.initialParameters(dropping, SHAPE, 4);
    Batch batch = SyntheticData.classification(8, 4, 3, 6).batch(0, 8);

    float[] first = kernel.gradient(params, batch, 100).meanGradient();
    float[] again = kernel.gradient(params, batch, 100).meanGradient();
    float[] other = kernel.gradient(params, batch, 101).meanGradient();

    assertThat(again).containsExactly(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(kernel.predict(params, batch)).containsExactly(kernel.predict(params, batch));
  }

  @Test
  void anExampleGetsTheSameDropoutMaskInWhicheverBatchItIs() {
    ModelSpec dropping = new ModelSpec(Initialization.XAVIER, List.of(
        LayerSpec.dense(16, Activation.RELU).withDropout(0.4),
        LayerSpec.dense(8, Activation.TANH).withDropout(0.2),
        LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    NetworkKernel kernel = new NetworkKernel(dropping, SHAPE);
    float[] params = NetworkFactory.initialParameters(dropping, SHAPE, 4);
    Examples data = SyntheticData.classification(10, 4, 3, 6);

    GradientSum whole = kernel.gradient(params, data.batch(0, 10), 77);
    GradientSum split = kernel.gradient(params, data.gather(new int[] {7, 2, 9, 0}, 0, 4), 77)
        .add(kernel.gradient(params, data.gather(new int[] {1, 3, 4, 5, 6, 8}, 0, 6), 77));

    float[] expected = whole.meanGradient();
    float[] actual = split.meanGradient();
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("parameter %d", i).isCloseTo(expected[i], within(1e-6f + 1e-5f * Math.abs(expected[i])));
    }
    assertThat(split.meanLoss()).isCloseTo(whole.meanLoss(), within(1e-6));
  }

  @Test
  void layoutMarksWeightsButNotBiases() {
    ParameterLayout layout = new NetworkKernel(TINY, SHAPE).layout();

    assertThat(layout.size()).isEqualTo(43);
    assertThat(layout.weightRanges()).containsExactly(new int[] {0, 20}, new int[] {25, 15});
  }
}
