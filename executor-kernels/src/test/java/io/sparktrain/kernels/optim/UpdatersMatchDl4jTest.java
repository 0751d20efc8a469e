package io.sparktrain.kernels.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.model.ParameterLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * Our flat-buffer optimizer steps against DL4J's own updaters and regularizations on the same
 * gradient sequence, applied the way DL4J's network updater applies them: L1/L2 into the
 * gradient, the updater, then weight decay into the update.
 */
class UpdatersMatchDl4jTest {
  private static final int SIZE = 257;
  private static final int STEPS = 30;
  private static final ParameterLayout ALL_WEIGHTS = new ParameterLayout(SIZE, List.of(new int[] {0, SIZE}));

  @Test
  void sgdMatchesDl4jSgd() {
    assertMatches(OptimizerSpec.of(OptimizerType.SGD, 0.05), RegularizationSpec.NONE, new Sgd(0.05));
  }

  @Test
  void nesterovMatchesDl4jNesterovs() {
    assertMatches(spec(OptimizerType.NESTEROV, 0.02, 0.85, 0.9, 0.999, 1e-8, 0.95), RegularizationSpec.NONE,
        new Nesterovs(0.02, 0.85));
  }

  @Test
  void adamMatchesDl4jAdam() {
    assertMatches(spec(OptimizerType.ADAM, 0.003, 0.9, 0.8, 0.95, 1e-6, 0.95), RegularizationSpec.NONE,
        new Adam(0.003, 0.8, 0.95, 1e-6));
  }

  @Test
  void rmsPropMatchesDl4jRmsProp() {
    assertMatches(spec(OptimizerType.RMSPROP, 0.01, 0.9, 0.9, 0.999, 1e-6, 0.9), RegularizationSpec.NONE,
        new RmsProp(0.01, 0.9, 1e-6));
  }

  @Test
  void adaGradMatchesDl4jAdaGrad() {
    assertMatches(spec(OptimizerType.ADAGRAD, 0.1, 0.9, 0.9, 0.999, 1e-6, 0.95), RegularizationSpec.NONE,
        new AdaGrad(0.1, 1e-6));
  }

  @Test
  void adamWMatchesDl4jAdamWithDecoupledWeightDecay() {
    assertMatches(OptimizerSpec.of(OptimizerType.ADAMW, 0.01), new RegularizationSpec(0, 0, 0.1, 0, 0),
        new Adam(0.01), new WeightDecay(0.1, true));
  }

  @Test
  void l2MatchesDl4jsL2RegularizationUnderEveryOptimizer() {
    RegularizationSpec l2 = RegularizationSpec.penalties(0, 0.05);
    Regularization dl4j = new L2Regularization(0.05);
    assertMatches(OptimizerSpec.of(OptimizerType.SGD, 0.05), l2, new Sgd(0.05), dl4j);
    assertMatches(OptimizerSpec.of(OptimizerType.NESTEROV, 0.02), l2, new Nesterovs(0.02, 0.9), dl4j);
    assertMatches(OptimizerSpec.of(OptimizerType.ADAM, 0.01), l2, new Adam(0.01), dl4j);
    assertMatches(OptimizerSpec.of(OptimizerType.RMSPROP, 0.01), l2, new RmsProp(0.01, 0.95, 1e-8), dl4j);
    assertMatches(spec(OptimizerType.ADAGRAD, 0.1, 0.9, 0.9, 0.999, 1e-6, 0.95), l2, new AdaGrad(0.1, 1e-6), dl4j);
  }

  /**
   * L1's {@code sign(w)} is discontinuous at 0: under the normalized steps of RMSProp and AdaGrad a
   * parameter that oscillates around 0 amplifies float rounding, so L1 is compared under the
   * optimizers whose steps scale with the gradient.
   */
  @Test
  void l1AndL2MatchDl4jsRegularizations() {
    RegularizationSpec penalties = RegularizationSpec.penalties(0.01, 0.05);
    Regularization[] dl4j = {new L1Regularization(0.01), new L2Regularization(0.05)};
    assertMatches(OptimizerSpec.of(OptimizerType.SGD, 0.05), penalties, new Sgd(0.05), dl4j);
    assertMatches(OptimizerSpec.of(OptimizerType.NESTEROV, 0.02), penalties, new Nesterovs(0.02, 0.9), dl4j);
    assertMatches(OptimizerSpec.of(OptimizerType.ADAM, 0.01), penalties, new Adam(0.01), dl4j);
  }

  @Test
  void weightDecayMatchesDl4jForPlainSgdToo() {
    assertMatches(OptimizerSpec.of(OptimizerType.MOMENTUM, 0.05).withMomentum(0), new RegularizationSpec(0, 0, 0.2, 0, 0),
        new Sgd(0.05), new WeightDecay(0.2, true));
  }

  @Test
  void momentumWithZeroCoefficientIsSgd() {
    assertMatches(OptimizerSpec.of(OptimizerType.MOMENTUM, 0.05).withMomentum(0), RegularizationSpec.NONE, new Sgd(0.05));
  }

  @Test
  void momentumUnderAConstantGradientFollowsTheGeometricSeries() {
    double lr = 0.1;
    double mu = 0.9;
    Updater updater = Updaters.create(OptimizerSpec.of(OptimizerType.MOMENTUM, lr).withMomentum(mu));
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

  @Test
  void clippingByValueThenNormBoundsTheStep() {
    ParameterLayout layout = new ParameterLayout(3, List.of(new int[] {0, 3}));
    OptimizerStep byValue = new OptimizerStep(OptimizerSpec.of(OptimizerType.SGD, 1), new Schedule.Fixed(1),
        new RegularizationSpec(0, 0, 0, 0.5, 0), layout);
    float[] w = {0, 0, 0};
    byValue.apply(w, new float[] {2, -0.25f, -3}, new float[0], 0, 0);
    assertThat(w).containsExactly(-0.5f, 0.25f, 0.5f);

    OptimizerStep byNorm = new OptimizerStep(OptimizerSpec.of(OptimizerType.SGD, 1), new Schedule.Fixed(1),
        new RegularizationSpec(0, 0, 0, 0, 1), layout);
    float[] v = {0, 0, 0};
    byNorm.apply(v, new float[] {3, 0, 4}, new float[0], 0, 0);
    assertThat(v[0]).isCloseTo(-0.6f, within(1e-6f));
    assertThat(v[2]).isCloseTo(-0.8f, within(1e-6f));
    float[] u = {0, 0, 0};
    byNorm.apply(u, new float[] {0.3f, 0, 0.4f}, new float[0], 0, 0);
    assertThat(u).as("a short gradient is left alone").containsExactly(-0.3f, 0, -0.4f);
  }

  private static OptimizerSpec spec(OptimizerType type, double lr, double momentum, double beta1, double beta2,
      double epsilon, double rmsDecay) {
    return new OptimizerSpec(type, lr, momentum, beta1, beta2, epsilon, rmsDecay);
  }

  private static void assertMatches(OptimizerSpec spec, RegularizationSpec regularization, IUpdater dl4jConfig,
      Regularization... dl4jRegularizations) {
    Random random = new Random(42);
    float[] ours = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      ours[i] = (float) random.nextGaussian();
    }
    INDArray theirs = Nd4j.createFromArray(ours.clone()).reshape(1, SIZE);
    OptimizerStep step = new OptimizerStep(spec, new Schedule.Fixed(spec.learningRate()), regularization, ALL_WEIGHTS);
    float[] state = step.newState();
    long stateSize = dl4jConfig.stateSize(SIZE);
    INDArray dl4jState = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
    GradientUpdater<?> dl4j = dl4jConfig.instantiate(dl4jState, true);
    List<Regularization> before = new ArrayList<>();
    List<Regularization> after = new ArrayList<>();
    for (Regularization r : dl4jRegularizations) {
      (r.applyStep() == Regularization.ApplyStep.BEFORE_UPDATER ? before : after).add(r);
    }

    for (int t = 0; t < STEPS; t++) {
      float[] gradient = new float[SIZE];
      for (int i = 0; i < SIZE; i++) {
        gradient[i] = (float) (random.nextGaussian() * (1 + t % 3));
      }
      step.apply(ours, gradient.clone(), state, t, 0);
      INDArray update = Nd4j.createFromArray(gradient).reshape(1, SIZE);
      for (Regularization r : before) {
        r.apply(theirs, update, spec.learningRate(), t, 0);
      }
      dl4j.applyUpdater(update, t, 0);
      for (Regularization r : after) {
        r.apply(theirs, update, spec.learningRate(), t, 0);
      }
      theirs.subi(update);
    }

    float[] expected = theirs.toFloatVector();
    for (int i = 0; i < SIZE; i++) {
      assertThat(ours[i]).as("%s: parameter %d", spec.type(), i)
          .isCloseTo(expected[i], within(1e-5f * Math.max(1f, Math.abs(expected[i]))));
    }
  }
}
