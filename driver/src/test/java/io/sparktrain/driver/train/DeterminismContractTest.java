package io.sparktrain.driver.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.driver.TestSpark;
import io.sparktrain.driver.data.CsvFiles;
import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.config.ScheduleType;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.train.Examples;
import io.sparktrain.kernels.train.ReferenceTrainer;
import io.sparktrain.kernels.train.SyntheticData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * DESIGN.md's determinism contract: W workers with per-worker batch b end with the parameters of
 * the single-machine reference trainer with batch W*b on the same example order.
 */
class DeterminismContractTest {
  /** 203 examples: with b = 8 the last global batch is short for every W tested (uneven). */
  private static final int EXAMPLES = 203;
  private static final int WIDTH = 6;
  private static final int CLASSES = 3;
  private static final int BATCH_PER_WORKER = 8;
  private static final int EPOCHS = 2;
  private static final ModelSpec MODEL = new ModelSpec(Initialization.XAVIER, List.of(
      LayerSpec.dense(10, Activation.TANH),
      LayerSpec.dense(7, Activation.RELU),
      LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));

  @TempDir
  static Path dir;
  private static Examples data;
  private static Path csv;

  @BeforeAll
  static void writeData() throws Exception {
    data = SyntheticData.classification(EXAMPLES, WIDTH, CLASSES, 17);
    csv = CsvFiles.write(data, dir.resolve("train.csv"));
  }

  @ParameterizedTest
  @EnumSource(OptimizerType.class)
  void distributedTrainingEqualsTheReferenceTrainerFor1And2And4Workers(OptimizerType type) {
    TrainingRecipe recipe = recipe(type, new RegularizationSpec(0, 1e-3, 1e-3, 0, 0));
    assertDistributedEqualsReference(recipe, new int[] {1, 2, 4}, type + " with L2 and weight decay");
  }

  @ParameterizedTest
  @EnumSource(OptimizerType.class)
  void clippingByValueAndNormIsExactDistributedWith2And4Workers(OptimizerType type) {
    TrainingRecipe recipe = recipe(type, new RegularizationSpec(0, 0, 1e-3, 0.05, 0.2));
    assertDistributedEqualsReference(recipe, new int[] {2, 4}, type + " with clipping");
  }

  @ParameterizedTest
  @EnumSource(OptimizerType.class)
  void dropoutIsExactDistributedWith2And4Workers(OptimizerType type) {
    ModelSpec dropping = new ModelSpec(Initialization.XAVIER, List.of(
        LayerSpec.dense(10, Activation.TANH).withDropout(0.3),
        LayerSpec.dense(7, Activation.RELU).withDropout(0.1),
        LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    TrainingRecipe base = recipe(type, new RegularizationSpec(0, 0, 1e-3, 0, 0));
    TrainingRecipe recipe = new TrainingRecipe(dropping, base.optimizer(), base.schedule(), base.regularization(),
        base.seed());
    assertDistributedEqualsReference(recipe, new int[] {2, 4}, type + " with dropout");
  }

  @Test
  void aNonFiniteGradientStopsTrainingNamingTheStep() {
    TrainingRecipe recipe = new TrainingRecipe(MODEL, OptimizerSpec.of(OptimizerType.SGD, 1e6), ScheduleType.FIXED,
        RegularizationSpec.NONE, 5);

    assertThatThrownBy(() -> trainDistributed(recipe, 2, false))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("training diverged at step").hasMessageContaining("at learning rate 1000000.0");
  }

  private static void assertDistributedEqualsReference(TrainingRecipe recipe, int[] workerCounts, String what) {
    for (int workers : workerCounts) {
      float[] reference = new ReferenceTrainer(recipe, io.sparktrain.kernels.model.NetworkShape.classifier(WIDTH, CLASSES))
          .train(data, workers * BATCH_PER_WORKER, EPOCHS).parameters();

      float[] distributed = trainDistributed(recipe, workers, false).parameters();

      assertRelativelyClose(distributed, reference, 1e-5, what + ", " + workers + " workers");
    }
  }

  @Test
  void stepsAndExampleCountsFollowTheWorkerAssignment() {
    ShardedDataset shards = load(4, false);
    // Example i goes to worker floor(i / 8) mod 4: 203 = 6 full rounds of 32 plus 11.
    assertThat(shards.countsPerWorker()).containsExactly(56, 51, 48, 48);
    assertThat(shards.stepsPerEpoch(BATCH_PER_WORKER)).isEqualTo(7);
    shards.release();
  }

  @Test
  void aShuffledRunWithDropoutIsReproducibleAndDiffersFromFileOrder() {
    ModelSpec dropping = new ModelSpec(Initialization.XAVIER, List.of(
        LayerSpec.dense(10, Activation.TANH).withDropout(0.3),
        LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    TrainingRecipe recipe = new TrainingRecipe(dropping, OptimizerSpec.of(OptimizerType.ADAM, 0.01),
        ScheduleType.FIXED, RegularizationSpec.NONE, 5);

    float[] first = trainDistributed(recipe, 2, true).parameters();
    float[] second = trainDistributed(recipe, 2, true).parameters();
    float[] unshuffled = trainDistributed(recipe, 2, false).parameters();

    assertThat(second).containsExactly(first);
    assertThat(unshuffled).isNotEqualTo(first);
  }

  private static TrainingRecipe recipe(OptimizerType type, RegularizationSpec regularization) {
    double rate = switch (type) {
      case ADAM, ADAMW, RMSPROP -> 0.01;
      case ADAGRAD -> 0.03;
      default -> 0.1;
    };
    return new TrainingRecipe(MODEL, OptimizerSpec.of(type, rate), ScheduleType.FIXED, regularization, 5);
  }

  private static ShardedDataset load(int workers, boolean shuffle) {
    return new DatasetLoader(TestSpark.get(), CsvFiles.spec(csv, CLASSES, shuffle), workers, BATCH_PER_WORKER)
        .loadTraining();
  }

  private static TrainingResult trainDistributed(TrainingRecipe recipe, int workers, boolean shuffle) {
    ShardedDataset shards = load(workers, shuffle);
    try {
      return new SyncGradientTrainingMaster(TestSpark.get(), recipe,
          TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS), EvaluationSpec.NONE, shuffle, 1)
          .fit(shards, null, new TrainingListener() {});
    } finally {
      shards.release();
    }
  }

  static void assertRelativelyClose(float[] actual, float[] expected, double tolerance, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    double scale = 0;
    for (float value : expected) {
      scale = Math.max(scale, Math.abs(value));
    }
    for (int i = 0; i < expected.length; i++) {
      double allowed = tolerance * Math.max(Math.abs(expected[i]), 1e-2 * scale);
      assertThat((double) actual[i]).as("%s: parameter %d", what, i)
          .isBetween(expected[i] - allowed, expected[i] + allowed);
    }
  }
}
