package io.sparktrain.kernels.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/** Our flat-buffer updaters against DL4J's own on the same gradient sequence. */
class UpdatersMatchDl4jTest {
  private static final int SIZE = 257;
  private static final int STEPS = 30;

  @Test
  void sgdMatchesDl4jSgd() {
    assertMatches(OptimizerSpec.of(OptimizerType.SGD, 0.05), new Sgd(0.05));
  }

  @Test
  void nesterovMatchesDl4jNesterovs() {
    OptimizerSpec spec = new OptimizerSpec(OptimizerType.NESTEROV, 0.02, 0.85, 0.9, 0.999, 1e-8);
    assertMatches(spec, new Nesterovs(0.02, 0.85));
  }

  @Test
  void adamMatchesDl4jAdam() {
    OptimizerSpec spec = new OptimizerSpec(OptimizerType.ADAM, 0.003, 0.9, 0.8, 0.95, 1e-6);
    assertMatches(spec, new Adam(0.003, 0.8, 0.95, 1e-6));
  }

  @Test
  void momentumWithZeroCoefficientIsSgd() {
    OptimizerSpec momentum = new OptimizerSpec(OptimizerType.MOMENTUM, 0.05, 0.0, 0.9, 0.999, 1e-8);
    assertMatches(momentum, new Sgd(0.05));
  }

  @Test
  void momentumUnderAConstantGradientFollowsTheGeometricSeries() {
    double lr = 0.1;
    double mu = 0.9;
    Updater updater = Updaters.create(new OptimizerSpec(OptimizerType.MOMENTUM, lr, mu, 0.9, 0.999, 1e-8));
    float[] w = {0f};
    float[] g = {1f};
    float[] state = new float[updater.stateSize(1)];
    double expected = 0;
    for (int k = 1; k <= 20; k++) {
      updater.update(w, g, state, k - 1, lr);
      expected -= lr * (1 - Math.pow(mu, k)) / (1 - mu);
      assertThat((double) w[0]).as("after step %d", k).isCloseTo(expected, within(1e-4));
    }
  }

  private static void assertMatches(OptimizerSpec spec, IUpdater dl4jConfig) {
    Random random = new Random(42);
    float[] ours = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      ours[i] = (float) random.nextGaussian();
    }
    INDArray theirs = Nd4j.createFromArray(ours.clone());
    Updater updater = Updaters.create(spec);
    float[] state = new float[updater.stateSize(SIZE)];
    long stateSize = dl4jConfig.stateSize(SIZE);
    INDArray dl4jState = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
    GradientUpdater<?> dl4j = dl4jConfig.instantiate(dl4jState, true);

    for (int step = 0; step < STEPS; step++) {
      float[] gradient = new float[SIZE];
      for (int i = 0; i < SIZE; i++) {
        gradient[i] = (float) (random.nextGaussian() * (1 + step % 3));
      }
      updater.update(ours, gradient, state, step, spec.learningRate());
      INDArray update = Nd4j.createFromArray(gradient.clone()).reshape(1, SIZE);
      dl4j.applyUpdater(update, step, 0);
      theirs.subi(update.reshape(SIZE));
    }

    float[] expected = theirs.toFloatVector();
    for (int i = 0; i < SIZE; i++) {
      assertThat(ours[i]).as("parameter %d", i)
          .isCloseTo(expected[i], within(1e-5f * Math.max(1f, Math.abs(expected[i]))));
    }
  }
}
