package io.sparktrain.driver.train;

import static io.sparktrain.driver.train.DeterminismContractTest.assertRelativelyClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.sparktrain.driver.TestSpark;
import io.sparktrain.driver.data.CsvFiles;
import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.eval.Evaluator;
import io.sparktrain.driver.train.TrainingListener.EpochReport;
import io.sparktrain.driver.train.TrainingListener.StepReport;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.config.ScheduleSpec;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.train.Examples;
import io.sparktrain.kernels.train.SyntheticData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * {@code param-averaging} against its two oracles: with one local step and plain SGD it is
 * {@code sync-gradient}; with more it is {@link LocalSgdReference}, local SGD on one machine.
 */
class ParamAveragingTrainingMasterTest {
  /**
   * 203 examples with b = 8: on 2 workers (104 and 99 examples) 13 steps per epoch, the last one
   * short; on 4 workers (56, 51, 48, 48) 7 steps, in the last of which workers 2 and 3 have none.
   */
  private static final int EXAMPLES = 203;
  private static final int WIDTH = 6;
  private static final int CLASSES = 3;
  private static final int BATCH_PER_WORKER = 8;
  private static final int EPOCHS = 2;
  private static final NetworkShape SHAPE = NetworkShape.classifier(WIDTH, CLASSES);
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

  static Stream<Arguments> regularizationsAndWorkers() {
    return Stream.of(RegularizationSpec.NONE, RegularizationSpec.penalties(0, 1e-2),
            new RegularizationSpec(1e-3, 1e-2, 1e-2, 0, 0))
        .flatMap(regularization -> Stream.of(2, 4).map(workers -> Arguments.of(regularization, workers)));
  }

  @ParameterizedTest(name = "{0}, {1} workers")
  @MethodSource("regularizationsAndWorkers")
  void oneLocalStepOfSgdEqualsSyncGradient(RegularizationSpec regularization, int workers) {
    TrainingRecipe recipe = recipe(OptimizerType.SGD, 0.1, regularization);
    Recorder sync = new Recorder();
    Recorder averaging = new Recorder();

    TrainingResult expected = train(recipe, workers, false, TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS), sync);
    TrainingResult actual = train(recipe, workers, false, paramAveraging(1, false), averaging);

    assertRelativelyClose(actual.parameters(), expected.parameters(), 1e-5, "SGD, k = 1, " + workers + " workers");
    assertThat(actual.steps()).isEqualTo(expected.steps());
    assertThat(averaging.steps).extracting(StepReport::step, StepReport::epoch, StepReport::stepInEpoch,
            StepReport::examples, StepReport::learningRate)
        .containsExactlyElementsOf(sync.steps.stream().map(step -> tuple(step.step(), step.epoch(),
            step.stepInEpoch(), step.examples(), step.learningRate())).toList());
    for (int i = 0; i < sync.steps.size(); i++) {
      assertThat(averaging.steps.get(i).loss()).as("loss of step %d", i)
          .isCloseTo(sync.steps.get(i).loss(), withinPercentage(1e-3));
    }
    assertThat(averaging.epochs).extracting(EpochReport::steps)
        .containsExactlyElementsOf(sync.epochs.stream().map(EpochReport::steps).toList());
  }

  @Test
  void oneLocalStepOfSgdEqualsSyncGradientWithShuffling() {
    TrainingRecipe recipe = recipe(OptimizerType.SGD, 0.1, RegularizationSpec.penalties(0, 1e-2));

    float[] expected = train(recipe, 2, true, TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS)).parameters();
    float[] actual = train(recipe, 2, true, paramAveraging(1, true)).parameters();
    float[] unshuffled = train(recipe, 2, false, paramAveraging(1, true)).parameters();

    assertRelativelyClose(actual, expected, 1e-5, "SGD, k = 1, shuffled");
    assertThat(unshuffled).isNotEqualTo(actual);
  }

  @ParameterizedTest(name = "{0} workers")
  @ValueSource(ints = {2, 4})
  void oneLocalStepOfMomentumWithTheStateAveragedEqualsSyncGradient(int workers) {
    TrainingRecipe recipe = recipe(OptimizerType.MOMENTUM, 0.05, RegularizationSpec.NONE);

    float[] expected = train(recipe, workers, false, TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS)).parameters();
    float[] actual = train(recipe, workers, false, paramAveraging(1, true)).parameters();

    assertRelativelyClose(actual, expected, 1e-5, "momentum, k = 1, state averaged, " + workers + " workers");
  }

  static Stream<Arguments> localSgdCases() {
    List<Arguments> cases = new ArrayList<>();
    for (OptimizerType type : List.of(OptimizerType.SGD, OptimizerType.MOMENTUM, OptimizerType.ADAM)) {
      for (boolean averageState : new boolean[] {true, false}) {
        for (int workers : new int[] {2, 4}) {
          cases.add(Arguments.of(type, averageState, workers));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, state averaged {1}, {2} workers")
  @MethodSource("localSgdCases")
  void threeLocalStepsEqualTheLocalSgdReference(OptimizerType type, boolean averageState, int workers) {
    TrainingRecipe recipe = recipe(type, type == OptimizerType.ADAM ? 0.01 : 0.05, RegularizationSpec.NONE);
    AveragingSpec averaging = new AveragingSpec(3, averageState);

    float[] expected = LocalSgdReference.train(recipe, SHAPE, data, workers, BATCH_PER_WORKER, EPOCHS, averaging);
    float[] actual = train(recipe, workers, false, paramAveraging(averaging)).parameters();

    assertRelativelyClose(actual, expected, 1e-5, type + ", k = 3, state averaged " + averageState);
  }

  /**
   * Everything the optimizer step does, on local steps: dropout seeded by the global step, L2 and
   * weight decay, clipping, a frozen layer, and a schedule with a warmup clocked by the global step.
   */
  @ParameterizedTest(name = "state averaged {0}")
  @ValueSource(booleans = {true, false})
  void localStepsApplyTheWholeOptimizerStepAtTheGlobalStep(boolean averageState) {
    ModelSpec model = new ModelSpec(Initialization.XAVIER, List.of(
        LayerSpec.dense(10, Activation.TANH),
        LayerSpec.dense(7, Activation.RELU).withDropout(0.2),
        LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT))).freezing(1);
    TrainingRecipe recipe = new TrainingRecipe(model, OptimizerSpec.of(OptimizerType.ADAMW, 0.01),
        ScheduleSpec.cosine(1e-4).withWarmup(4, 0.1), new RegularizationSpec(0, 1e-3, 1e-2, 0.5, 0.3), 5);
    AveragingSpec averaging = new AveragingSpec(4, averageState);

    float[] expected = LocalSgdReference.train(recipe, SHAPE, data, 4, BATCH_PER_WORKER, EPOCHS, averaging);
    float[] actual = train(recipe, 4, false, paramAveraging(averaging)).parameters();

    assertRelativelyClose(actual, expected, 1e-5, "AdamW with everything, k = 4");
  }

  @Test
  void keepingEachWorkersStateDiffersFromAveragingIt() {
    TrainingRecipe recipe = recipe(OptimizerType.ADAM, 0.01, RegularizationSpec.NONE);

    float[] averaged = train(recipe, 2, false, paramAveraging(3, true)).parameters();
    float[] kept = train(recipe, 2, false, paramAveraging(3, false)).parameters();

    assertThat(kept).isNotEqualTo(averaged);
  }

  @Test
  void aRoundNeverCrossesAnEpochBoundaryAndEveryStepIsReported() {
    Recorder recorder = new Recorder();

    TrainingResult result = train(recipe(OptimizerType.SGD, 0.1, RegularizationSpec.NONE), 2, false,
        paramAveraging(5, true), recorder);

    // 13 steps per epoch in rounds of 5, 5 and 3.
    assertThat(result.steps()).isEqualTo(2 * 13);
    assertThat(recorder.steps).extracting(StepReport::step)
        .containsExactlyElementsOf(LongStream.range(0, 26).boxed().toList());
    assertThat(recorder.steps.subList(0, 13)).extracting(StepReport::epoch).containsOnly(0);
    assertThat(recorder.steps.get(12).examples()).as("the short last step: 203 - 12 * 16").isEqualTo(11);
    assertThat(recorder.steps.stream().mapToLong(StepReport::examples).sum()).isEqualTo(2 * 203);
    assertThat(recorder.epochs).extracting(EpochReport::steps).containsExactly(13L, 26L);
    assertThat(recorder.epochs.get(1).trainLoss()).isLessThan(recorder.epochs.get(0).trainLoss());
  }

  @Test
  void convergesOnSyntheticData() throws Exception {
    Path file = CsvFiles.write(SyntheticData.classification(2000, 10, 4, 29), dir.resolve("larger.csv"));
    ModelSpec model = new ModelSpec(Initialization.XAVIER, List.of(
        LayerSpec.dense(32, Activation.RELU), LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    TrainingRecipe recipe = new TrainingRecipe(model, OptimizerSpec.of(OptimizerType.ADAM, 0.01),
        ScheduleSpec.fixed(), RegularizationSpec.NONE, 3);
    ShardedDataset shards = new DatasetLoader(TestSpark.get(), CsvFiles.spec(file, 4, true), 4, 16).loadTraining();
    try {
      Evaluator evaluator = new Evaluator(TestSpark.get(), model, EvaluationSpec.NONE, 1);
      Evaluation before = evaluator.evaluate(shards, NetworkFactory.initialParameters(model, shards.shape(), 3));

      TrainingResult result = new ParamAveragingTrainingMaster(TestSpark.get(), recipe,
          TrainingSpec.paramAveraging(16, 8, new AveragingSpec(5, true)), EvaluationSpec.NONE, true, 1)
          .fit(shards, null, null, new TrainingListener() {});
      Evaluation after = evaluator.evaluate(shards, result.parameters());

      assertThat(after.loss()).isLessThan(0.25 * before.loss());
      assertThat(after.confusion().accuracy()).isGreaterThan(0.9);
    } finally {
      shards.release();
    }
  }

  @Test
  void aNonFiniteLossStopsTrainingNamingTheStep() {
    TrainingRecipe recipe = recipe(OptimizerType.SGD, 1e6, RegularizationSpec.NONE);

    assertThatThrownBy(() -> train(recipe, 2, false, paramAveraging(3, true)))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("training diverged at step").hasMessageContaining("at learning rate 1000000.0");
  }

  @Test
  void theAveragingSettingsComeWithParamAveragingOnly() {
    assertThatThrownBy(() -> new TrainingSpec(TrainingMode.SYNC_GRADIENT, Transport.DRIVER, BatchSize.perWorker(8),
        1, 100, LearningRateScaling.NONE, AveragingSpec.defaults(), null))
        .hasMessageContaining("apply only to training.mode param-averaging");
    assertThatThrownBy(() -> new TrainingSpec(TrainingMode.PARAM_AVERAGING, Transport.DRIVER, BatchSize.perWorker(8),
        1, 100, LearningRateScaling.NONE, null, null))
        .hasMessageContaining("training.mode param-averaging needs training.averaging-frequency");
    assertThatThrownBy(() -> new AveragingSpec(0, true))
        .hasMessage("training.averaging-frequency must be >= 1, got 0");
    assertThatThrownBy(() -> new ParamAveragingTrainingMaster(TestSpark.get(),
        recipe(OptimizerType.SGD, 0.1, RegularizationSpec.NONE), TrainingSpec.syncGradient(8, 1), EvaluationSpec.NONE,
        false, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static TrainingSpec paramAveraging(int frequency, boolean averageState) {
    return paramAveraging(new AveragingSpec(frequency, averageState));
  }

  private static TrainingSpec paramAveraging(AveragingSpec averaging) {
    return TrainingSpec.paramAveraging(BATCH_PER_WORKER, EPOCHS, averaging);
  }

  private static TrainingRecipe recipe(OptimizerType type, double rate, RegularizationSpec regularization) {
    return new TrainingRecipe(MODEL, OptimizerSpec.of(type, rate), ScheduleSpec.fixed(), regularization, 5);
  }

  private static TrainingResult train(TrainingRecipe recipe, int workers, boolean shuffle, TrainingSpec training) {
    return train(recipe, workers, shuffle, training, new TrainingListener() {});
  }

  private static TrainingResult train(TrainingRecipe recipe, int workers, boolean shuffle, TrainingSpec training,
      TrainingListener listener) {
    ShardedDataset shards = new DatasetLoader(TestSpark.get(), CsvFiles.spec(csv, CLASSES, shuffle), workers,
        BATCH_PER_WORKER).loadTraining();
    try {
      return TrainingMasters.create(TestSpark.get(), recipe, training, EvaluationSpec.NONE, shuffle, 1)
          .fit(shards, null, null, listener);
    } finally {
      shards.release();
    }
  }

  /** Keeps every report. */
  private static final class Recorder implements TrainingListener {
    final List<StepReport> steps = new ArrayList<>();
    final List<EpochReport> epochs = new ArrayList<>();

    @Override
    public void onStep(StepReport report) {
      steps.add(report);
    }

    @Override
    public void onEpoch(EpochReport report) {
      epochs.add(report);
    }
  }
}
