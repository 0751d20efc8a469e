package io.sparktrain.driver.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.config.ScheduleSpec;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.train.Examples;
import io.sparktrain.kernels.train.ReferenceTrainer;
import io.sparktrain.kernels.train.SyntheticData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The estimators are the project's trainer: fit on a DataFrame with 2 workers ends with the flat
 * parameters of the single-machine reference trainer with batch {@code 2*b} on the same examples
 * and the recipe the params describe (built here by hand, so a param that is dropped or mapped
 * wrongly fails the test).
 */
class EstimatorOracleTest {
  private static final int BATCH_PER_WORKER = 8;
  private static final int EPOCHS = 2;

  @Test
  void theClassifierEndsWithTheReferenceTrainersParametersWith2Workers() {
    Examples data = SyntheticData.classification(203, 6, 3, 17);
    SparkTrainClassificationModel model = new SparkTrainClassifier()
        .setHiddenLayers(8, 6).setActivation("tanh").setDropout(0.2)
        .setOptimizer("adam").setLearningRate(0.01).setL2(1e-3).setWeightDecay(1e-3)
        .setBatchSize(BATCH_PER_WORKER).setEpochs(EPOCHS).setWorkers(2).setSeed(5).setShuffle(false)
        .fit(MlData.frame(data));

    TrainingRecipe recipe = new TrainingRecipe(new ModelSpec(Initialization.XAVIER, List.of(
        new LayerSpec.Dense(8, Activation.TANH, 0),
        new LayerSpec.Dense(6, Activation.TANH, 0.2),
        new LayerSpec.Output(0, Activation.SOFTMAX, LossFunction.MCXENT, 0.2))),
        OptimizerSpec.of(OptimizerType.ADAM, 0.01), ScheduleSpec.fixed(), new RegularizationSpec(0, 1e-3, 1e-3, 0, 0),
        5);
    float[] reference = new ReferenceTrainer(recipe, NetworkShape.classifier(6, 3))
        .train(data, 2 * BATCH_PER_WORKER, EPOCHS).parameters();

    assertThat(model.numClasses()).isEqualTo(3);
    assertThat(model.numFeatures()).isEqualTo(6);
    assertRelativelyClose(model.flatParameters(), reference, 1e-5);
  }

  @Test
  void theRegressorEndsWithTheReferenceTrainersParametersWith2Workers() {
    Examples data = MlData.linear(150, 3);
    SparkTrainRegressionModel model = new SparkTrainRegressor()
        .setHiddenLayers(5).setActivation("relu").setInit("he")
        .setOptimizer("momentum").setLearningRate(0.02)
        .setBatchSize(BATCH_PER_WORKER).setEpochs(EPOCHS).setWorkers(2).setSeed(11).setShuffle(false)
        .fit(MlData.frame(data));

    TrainingRecipe recipe = new TrainingRecipe(new ModelSpec(Initialization.HE, List.of(
        new LayerSpec.Dense(5, Activation.RELU, 0),
        new LayerSpec.Output(0, Activation.IDENTITY, LossFunction.MSE, 0))),
        OptimizerSpec.of(OptimizerType.MOMENTUM, 0.02), ScheduleSpec.fixed(), RegularizationSpec.NONE, 11);
    float[] reference = new ReferenceTrainer(recipe, NetworkShape.regressor(2))
        .train(data, 2 * BATCH_PER_WORKER, EPOCHS).parameters();

    assertRelativelyClose(model.flatParameters(), reference, 1e-5);
  }

  /** As {@code DeterminismContractTest}: relative to each value, or 1% of the largest one. */
  static void assertRelativelyClose(float[] actual, float[] expected, double tolerance) {
    assertThat(actual).hasSameSizeAs(expected);
    double scale = 0;
    for (float value : expected) {
      scale = Math.max(scale, Math.abs(value));
    }
    for (int i = 0; i < expected.length; i++) {
      double allowed = tolerance * Math.max(Math.abs(expected[i]), 1e-2 * scale);
      assertThat((double) actual[i]).as("parameter %d", i).isBetween(expected[i] - allowed, expected[i] + allowed);
    }
  }
}
