package io.sparktrain.driver.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.driver.TestSpark;
import io.sparktrain.driver.data.CsvFiles;
import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.kernels.config.DecayUnit;
import io.sparktrain.kernels.config.ImageShape;
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
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
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
    TrainingRecipe recipe = recipe(type, rate(type), ScheduleSpec.fixed(), new RegularizationSpec(0, 1e-3, 1e-3, 0, 0));
    assertDistributedEqualsReference(recipe, new int[] {1, 2, 4}, type + " with L2 and weight decay");
  }

  @ParameterizedTest
  @EnumSource(OptimizerType.class)
  void clippingByValueAndNormIsExactDistributedWith2And4Workers(OptimizerType type) {
    TrainingRecipe recipe = recipe(type, rate(type), ScheduleSpec.fixed(), new RegularizationSpec(0, 0, 1e-3, 0.05, 0.2));
    assertDistributedEqualsReference(recipe, new int[] {2, 4}, type + " with clipping");
  }

  @ParameterizedTest
  @EnumSource(OptimizerType.class)
  void dropoutIsExactDistributedWith2And4Workers(OptimizerType type) {
    ModelSpec dropping = new ModelSpec(Initialization.XAVIER, List.of(
        LayerSpec.dense(10, Activation.TANH).withDropout(0.3),
        LayerSpec.dense(7, Activation.RELU).withDropout(0.1),
        LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    TrainingRecipe recipe = new TrainingRecipe(dropping, OptimizerSpec.of(type, rate(type)), ScheduleSpec.fixed(),
        new RegularizationSpec(0, 0, 1e-3, 0, 0), 5);
    assertDistributedEqualsReference(recipe, new int[] {2, 4}, type + " with dropout");
  }

  @Test
  void aConvolutionalNetworkIsExactDistributedWith2And4Workers() throws Exception {
    Examples images = SyntheticData.classification(150, 36, CLASSES, 23);
    Path imageCsv = CsvFiles.write(images, dir.resolve("images.csv"));
    ModelSpec cnn = new ModelSpec(Initialization.HE, new ImageShape(6, 6, 1), List.of(
        new LayerSpec.Convolution(4, LayerSpec.Window.square(3), LayerSpec.Window.square(1),
            LayerSpec.Window.square(1), Activation.RELU, 0),
        new LayerSpec.Subsampling(LayerSpec.Pooling.MAX, LayerSpec.Window.square(2), LayerSpec.Window.square(2),
            LayerSpec.Window.square(0)),
        LayerSpec.dense(8, Activation.RELU).withDropout(0.2),
        LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    TrainingRecipe recipe = new TrainingRecipe(cnn, OptimizerSpec.of(OptimizerType.ADAM, 0.01), ScheduleSpec.fixed(),
        RegularizationSpec.penalties(0, 1e-3), 9);
    for (int workers : new int[] {2, 4}) {
      float[] reference = new ReferenceTrainer(recipe, NetworkShape.classifier(36, CLASSES))
          .train(images, workers * BATCH_PER_WORKER, EPOCHS).parameters();

      float[] distributed = trainDistributed(recipe, imageCsv, workers, false,
          TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS)).parameters();

      assertRelativelyClose(distributed, reference, 1e-5, "CNN with " + workers + " workers");
    }
  }

  @Test
  void aNonFiniteGradientStopsTrainingNamingTheStep() {
    TrainingRecipe recipe = recipe(OptimizerType.SGD, 1e6, ScheduleSpec.fixed(), RegularizationSpec.NONE);

    assertThatThrownBy(() -> trainDistributed(recipe, 2, false))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("training diverged at step").hasMessageContaining("at learning rate 1000000.0");
  }

  private static void assertDistributedEqualsReference(TrainingRecipe recipe, int[] workerCounts, String what) {
    for (int workers : workerCounts) {
      float[] reference = trainReference(recipe, workers);

      float[] distributed = trainDistributed(recipe, workers, false).parameters();

      assertRelativelyClose(distributed, reference, 1e-5, what + ", " + workers + " workers");
    }
  }

  /**
   * A cosine after a warmup needs the run's total steps and the step clock restarted after the
   * warmup; a step decay by epoch needs every step's epoch. Both must be the reference trainer's.
   */
  static Stream<Arguments> optimizersAndSchedules() {
    List<ScheduleSpec> schedules = List.of(
        ScheduleSpec.cosine(1e-4).withWarmup(5, 0.1),
        ScheduleSpec.step(0.5, 1, DecayUnit.EPOCH));
    return Arrays.stream(OptimizerType.values())
        .flatMap(type -> schedules.stream().map(schedule -> Arguments.of(type, schedule)));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("optimizersAndSchedules")
  void scheduledTrainingEqualsTheReferenceTrainerFor2And4Workers(OptimizerType type, ScheduleSpec schedule) {
    TrainingRecipe recipe = recipe(type, rate(type), schedule, weightDecayFor(type));
    for (int workers : new int[] {2, 4}) {
      float[] reference = trainReference(recipe, workers);

      float[] distributed = trainDistributed(recipe, workers, false).parameters();

      assertRelativelyClose(distributed, reference, 1e-5, type + " with " + workers + " workers");
    }
  }

  @ParameterizedTest
  @EnumSource(OptimizerType.class)
  void linearLrScalingOn4WorkersEqualsTheReferenceTrainerAt4TimesTheRate(OptimizerType type) {
    int workers = 4;
    ScheduleSpec schedule = ScheduleSpec.cosine(0).withWarmup(5, 0);
    double configured = rate(type) / workers;
    TrainingRecipe scaledByTheDriver = recipe(type, configured, schedule, weightDecayFor(type));
    TrainingRecipe scaledByHand = recipe(type, configured * workers, schedule, weightDecayFor(type));

    float[] reference = trainReference(scaledByHand, workers);
    float[] distributed = trainDistributed(scaledByTheDriver, workers, false,
        TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS).withLrScaling(LearningRateScaling.LINEAR)).parameters();

    assertRelativelyClose(distributed, reference, 1e-5, type + " with linear scaling on 4 workers");
  }

  @Test
  void sqrtLrScalingOn4WorkersEqualsTheReferenceTrainerAtTwiceTheRate() {
    TrainingRecipe configured = recipe(OptimizerType.MOMENTUM, 0.02, ScheduleSpec.fixed(), RegularizationSpec.NONE);
    TrainingRecipe doubled = recipe(OptimizerType.MOMENTUM, 0.04, ScheduleSpec.fixed(), RegularizationSpec.NONE);

    float[] reference = trainReference(doubled, 4);
    float[] distributed = trainDistributed(configured, 4, false,
        TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS).withLrScaling(LearningRateScaling.SQRT)).parameters();

    assertRelativelyClose(distributed, reference, 1e-5, "momentum with sqrt scaling on 4 workers");
  }

  @Test
  void aGlobalBatchIsSplitEvenlyAcrossTheWorkers() {
    TrainingRecipe recipe = recipe(OptimizerType.SGD, 0.1, ScheduleSpec.fixed(), RegularizationSpec.NONE);
    TrainingSpec global = new TrainingSpec(TrainingMode.SYNC_GRADIENT, Transport.DRIVER,
        BatchSize.global(4 * BATCH_PER_WORKER), EPOCHS, 100, LearningRateScaling.NONE);

    float[] reference = trainReference(recipe, 4);
    TrainingResult distributed = trainDistributed(recipe, 4, false, global);

    assertThat(distributed.steps()).isEqualTo(EPOCHS * 7);
    assertRelativelyClose(distributed.parameters(), reference, 1e-5, "global batch of 32 on 4 workers");
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
        ScheduleSpec.fixed(), RegularizationSpec.NONE, 5);

    float[] first = trainDistributed(recipe, 2, true).parameters();
    float[] second = trainDistributed(recipe, 2, true).parameters();
    float[] unshuffled = trainDistributed(recipe, 2, false).parameters();

    assertThat(second).containsExactly(first);
    assertThat(unshuffled).isNotEqualTo(first);
  }

  private static double rate(OptimizerType type) {
    return switch (type) {
      case ADAM, ADAMW, RMSPROP -> 0.01;
      case ADAGRAD -> 0.03;
      default -> 0.1;
    };
  }

  /** AdamW needs its decoupled decay; the other optimizers run without regularization here. */
  private static RegularizationSpec weightDecayFor(OptimizerType type) {
    return type == OptimizerType.ADAMW ? new RegularizationSpec(0, 0, 1e-3, 0, 0) : RegularizationSpec.NONE;
  }

  private static TrainingRecipe recipe(OptimizerType type, double rate, ScheduleSpec schedule,
      RegularizationSpec regularization) {
    return new TrainingRecipe(MODEL, OptimizerSpec.of(type, rate), schedule, regularization, 5);
  }

  private static float[] trainReference(TrainingRecipe recipe, int workers) {
    return new ReferenceTrainer(recipe, NetworkShape.classifier(WIDTH, CLASSES))
        .train(data, workers * BATCH_PER_WORKER, EPOCHS).parameters();
  }

  private static ShardedDataset load(int workers, boolean shuffle) {
    return new DatasetLoader(TestSpark.get(), CsvFiles.spec(csv, CLASSES, shuffle), workers, BATCH_PER_WORKER)
        .loadTraining();
  }

  private static TrainingResult trainDistributed(TrainingRecipe recipe, int workers, boolean shuffle) {
    return trainDistributed(recipe, workers, shuffle, TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS));
  }

  private static TrainingResult trainDistributed(TrainingRecipe recipe, int workers, boolean shuffle,
      TrainingSpec training) {
    return trainDistributed(recipe, csv, workers, shuffle, training);
  }

  private static TrainingResult trainDistributed(TrainingRecipe recipe, Path file, int workers, boolean shuffle,
      TrainingSpec training) {
    ShardedDataset shards = new DatasetLoader(TestSpark.get(), CsvFiles.spec(file, CLASSES, shuffle), workers,
        BATCH_PER_WORKER).loadTraining();
    try {
      return new SyncGradientTrainingMaster(TestSpark.get(), recipe, training, EvaluationSpec.NONE, shuffle, 1)
          .fit(shards, null, null, new TrainingListener() {});
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
