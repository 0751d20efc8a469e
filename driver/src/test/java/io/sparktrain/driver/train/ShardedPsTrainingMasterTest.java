package io.sparktrain.driver.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
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
import io.sparktrain.driver.train.TrainingListener.TrafficReport;
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
import io.sparktrain.kernels.train.SyntheticData;
import io.sparktrain.ps.shard.Compression;
import io.sparktrain.ps.shard.SliceLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * {@code sharded-ps} against its oracle, {@code sync-gradient} over the {@code driver} transport:
 * the same parameters and step reports with 1 to 4 workers, after a task failure too; and what
 * compression saves.
 */
@Timeout(600)
class ShardedPsTrainingMasterTest {
  /**
   * 203 examples with b = 8: on 2 workers 13 steps per epoch, the last one short; on 4 workers 7
   * steps, in the last of which workers 2 and 3 have no example.
   */
  private static final int EXAMPLES = 203;
  private static final int WIDTH = 6;
  private static final int CLASSES = 3;
  private static final int BATCH_PER_WORKER = 8;
  private static final int EPOCHS = 2;
  /** 6*10+10 + 10*7+7 + 7*3+3 = 171 parameters: not divisible by 2 or 4 workers. */
  private static final ModelSpec MODEL = new ModelSpec(Initialization.XAVIER, List.of(
      LayerSpec.dense(10, Activation.TANH),
      LayerSpec.dense(7, Activation.RELU),
      LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
  /** Per worker per step, a sharded-ps worker sends W PUSH headers and prefixes (55 bytes) and W PULLs (38). */
  private static final int SENT_OVERHEAD_PER_SHARD = 55 + 38;

  @TempDir
  static Path dir;
  private static Path csv;

  @BeforeAll
  static void writeData() throws Exception {
    csv = CsvFiles.write(SyntheticData.classification(EXAMPLES, WIDTH, CLASSES, 17), dir.resolve("train.csv"));
  }

  static Stream<Arguments> optimizersAndWorkers() {
    List<Arguments> cases = new ArrayList<>();
    for (OptimizerType type : List.of(OptimizerType.SGD, OptimizerType.ADAM)) {
      for (int workers = 1; workers <= 4; workers++) {
        cases.add(Arguments.of(type, workers));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, {1} workers")
  @MethodSource("optimizersAndWorkers")
  void endsWithTheParametersOfTheDriverTransport(OptimizerType type, int workers) {
    assertThat(NetworkFactory.initialParameters(MODEL, NetworkShape.classifier(WIDTH, CLASSES), 5)).hasSize(171);
    TrainingRecipe recipe = recipe(type);
    Recorder driver = new Recorder();
    Recorder sharded = new Recorder();

    TrainingResult expected = train(recipe, workers, TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS), driver);
    TrainingResult actual = train(recipe, workers, shardedPs(Compression.NONE), sharded);

    assertThat(actual.parameters()).as("same sums in the same (worker) order: bit for bit, so within 1e-6")
        .containsExactly(expected.parameters());
    assertThat(actual.steps()).isEqualTo(expected.steps());
    assertThat(sharded.steps).extracting(StepReport::step, StepReport::epoch, StepReport::stepInEpoch,
            StepReport::stepsPerEpoch, StepReport::examples, StepReport::learningRate)
        .containsExactlyElementsOf(driver.steps.stream().map(step -> tuple(step.step(), step.epoch(),
            step.stepInEpoch(), step.stepsPerEpoch(), step.examples(), step.learningRate())).toList());
    for (int i = 0; i < driver.steps.size(); i++) {
      assertThat(sharded.steps.get(i).loss()).as("loss of step %d", i)
          .isCloseTo(driver.steps.get(i).loss(), withinPercentage(1e-4));
      assertThat(sharded.steps.get(i).samplesPerSecond()).isPositive();
    }
    assertThat(sharded.epochs).extracting(EpochReport::steps)
        .containsExactlyElementsOf(driver.epochs.stream().map(EpochReport::steps).toList());
    assertThat(sharded.epochs.get(1).trainLoss()).isCloseTo(driver.epochs.get(1).trainLoss(), withinPercentage(1e-4));
    assertThat(sharded.traffic).extracting(TrafficReport::epoch, TrafficReport::workers)
        .containsExactly(tuple(0, workers), tuple(1, workers));
    assertThat(sharded.traffic.get(0).bytesSentPerWorkerPerStep())
        .as("dense pushes of every slice, plus headers")
        .isEqualTo(4.0 * 171 + SENT_OVERHEAD_PER_SHARD * workers);
  }

  @Test
  void shufflingAndDropoutSeededByTheGlobalStepMatchTheDriverTransport() {
    ModelSpec dropout = new ModelSpec(Initialization.XAVIER, List.of(
        LayerSpec.dense(10, Activation.TANH).withDropout(0.3),
        LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    TrainingRecipe recipe = new TrainingRecipe(dropout, OptimizerSpec.of(OptimizerType.ADAM, 0.01),
        ScheduleSpec.cosine(1e-4), RegularizationSpec.penalties(0, 1e-3), 5);

    float[] expected = train(recipe, 3, true, TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS),
        new Recorder(), FaultInjection.NONE).parameters();
    float[] actual = train(recipe, 3, true, shardedPs(Compression.NONE), new Recorder(), FaultInjection.NONE)
        .parameters();

    assertThat(actual).as("Adam, cosine, dropout, shuffled, 3 workers: bit for bit").containsExactly(expected);
  }

  @Test
  void aTaskFailureMidEpochRetriesTheStageFromTheLastEpochAndEndsAsAnUninterruptedRun() {
    TrainingRecipe recipe = recipe(OptimizerType.ADAM);
    List<String> failedStages = new CopyOnWriteArrayList<>();
    List<String> failedTasks = new CopyOnWriteArrayList<>();
    SparkListener stages = new SparkListener() {
      @Override
      public void onStageCompleted(SparkListenerStageCompleted completed) {
        if (completed.stageInfo().failureReason().isDefined()) {
          failedStages.add(completed.stageInfo().failureReason().get());
        }
      }

      @Override
      public void onTaskEnd(SparkListenerTaskEnd ended) {
        if (!ended.taskInfo().successful()) {
          failedTasks.add(ended.reason().toString());
        }
      }
    };
    Recorder clean = new Recorder();
    Recorder interrupted = new Recorder();

    float[] expected = train(recipe, 2, false, shardedPs(Compression.NONE), clean, FaultInjection.NONE).parameters();
    TestSpark.get().sc().addSparkListener(stages);
    float[] actual;
    try {
      // 13 steps per epoch: step 17 is in the middle of the second epoch.
      actual = train(recipe, 2, false, shardedPs(Compression.NONE), interrupted, new FaultInjection(1, 17))
          .parameters();
    } finally {
      TestSpark.get().sc().removeSparkListener(stages);
    }

    // The other worker may fail first (its shard-1 connection closes at once), so the stage may name either.
    assertThat(failedStages).isNotEmpty();
    assertThat(failedTasks).anySatisfy(reason -> assertThat(reason).contains("injected failure of worker 1"));
    assertThat(actual).containsExactly(expected);
    assertThat(interrupted.steps).extracting(StepReport::step).containsExactlyElementsOf(
        clean.steps.stream().map(StepReport::step).toList());
  }

  @Test
  void theDriverReportsStepsWhileTheStageStillRuns() {
    List<Boolean> duringStage = new CopyOnWriteArrayList<>();
    Recorder recorder = new Recorder() {
      @Override
      public void onStep(StepReport report) {
        super.onStep(report);
        duringStage.add(TestSpark.get().sc().statusTracker().getActiveJobIds().length > 0);
      }
    };

    train(recipe(OptimizerType.ADAM), 2, shardedPs(Compression.NONE), recorder);

    assertThat(recorder.steps).extracting(StepReport::step).containsExactlyElementsOf(
        java.util.stream.LongStream.range(0, 26).boxed().toList());
    assertThat(duringStage).as("reports that came while the epoch's barrier job was running").contains(true);
  }

  @Test
  void topKCompressionCutsTheBytesPushedByItsFactor() {
    double fraction = 0.1;
    int workers = 2;
    SliceLayout layout = new SliceLayout(171, workers);
    Recorder dense = new Recorder();
    Recorder compressed = new Recorder();

    train(recipe(OptimizerType.ADAM), workers, shardedPs(Compression.NONE), dense);
    train(recipe(OptimizerType.ADAM), workers, shardedPs(Compression.topK(fraction)), compressed);

    double overhead = SENT_OVERHEAD_PER_SHARD * workers;
    double densePayload = dense.traffic.get(0).bytesSentPerWorkerPerStep() - overhead;
    double compressedPayload = compressed.traffic.get(0).bytesSentPerWorkerPerStep() - overhead;
    long kept = 0;
    for (int s = 0; s < workers; s++) {
      kept += (long) Math.ceil(fraction * layout.length(s));
    }
    assertThat(densePayload).isEqualTo(4.0 * 171);
    assertThat(compressedPayload).as("8 bytes (index, value) per kept entry").isEqualTo(8.0 * kept);
    assertThat(densePayload / compressedPayload).as("about 1 / (2 * fraction)")
        .isCloseTo(1 / (2 * fraction), withinPercentage(10));
    assertThat(compressed.traffic.get(0).bytesReceivedPerWorkerPerStep())
        .as("the updated slices come back dense").isEqualTo(dense.traffic.get(0).bytesReceivedPerWorkerPerStep());
  }

  static Stream<Compression> compressions() {
    return Stream.of(Compression.topK(0.1), Compression.threshold(1.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compressions")
  void convergesWithCompressionAlmostAsWellAsWithout(Compression compression) throws Exception {
    Path file = CsvFiles.write(SyntheticData.classification(2000, 10, 4, 29), dir.resolve("larger.csv"));
    ModelSpec model = new ModelSpec(Initialization.XAVIER, List.of(
        LayerSpec.dense(32, Activation.RELU), LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    TrainingRecipe recipe = new TrainingRecipe(model, OptimizerSpec.of(OptimizerType.ADAM, 0.01),
        ScheduleSpec.fixed(), RegularizationSpec.NONE, 3);
    ShardedDataset shards = new DatasetLoader(TestSpark.get(), CsvFiles.spec(file, 4, true), 2, 16).loadTraining();
    try {
      Evaluator evaluator = new Evaluator(TestSpark.get(), model, EvaluationSpec.NONE, 1);
      TrainingSpec training = TrainingSpec.syncGradient(16, 6);

      Evaluation plain = evaluator.evaluate(shards, new ShardedPsTrainingMaster(TestSpark.get(), recipe,
          training.withTransport(Transport.SHARDED_PS, Compression.NONE), EvaluationSpec.NONE, true, 1)
          .fit(shards, null, null, new TrainingListener() {}).parameters());
      Evaluation squeezed = evaluator.evaluate(shards, new ShardedPsTrainingMaster(TestSpark.get(), recipe,
          training.withTransport(Transport.SHARDED_PS, compression), EvaluationSpec.NONE, true, 1)
          .fit(shards, null, null, new TrainingListener() {}).parameters());

      assertThat(plain.confusion().accuracy()).isGreaterThan(0.9);
      assertThat(squeezed.confusion().accuracy()).isCloseTo(plain.confusion().accuracy(), within(0.02));
    } finally {
      shards.release();
    }
  }

  @Test
  void aNonFiniteLossStopsTrainingNamingTheStep() {
    TrainingRecipe recipe = new TrainingRecipe(MODEL, OptimizerSpec.of(OptimizerType.SGD, 1e6), ScheduleSpec.fixed(),
        RegularizationSpec.NONE, 5);

    assertThatThrownBy(() -> train(recipe, 2, shardedPs(Compression.NONE), new Recorder()))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageContaining("training diverged at step").hasMessageContaining("at learning rate 1000000.0");
  }

  @Test
  void shardedPsRunsSyncGradientOnlyAndCompressionNeedsIt() {
    assertThatThrownBy(() -> TrainingSpec.paramAveraging(8, 1, AveragingSpec.defaults())
        .withTransport(Transport.SHARDED_PS, Compression.NONE))
        .hasMessageContaining("training.transport sharded-ps runs training.mode sync-gradient only");
    assertThatThrownBy(() -> TrainingSpec.syncGradient(8, 1).withTransport(Transport.DRIVER, Compression.topK(0.1)))
        .hasMessageContaining("training.compression applies only to training.transport sharded-ps");
    assertThatThrownBy(() -> new ShardedPsTrainingMaster(TestSpark.get(), recipe(OptimizerType.SGD),
        TrainingSpec.syncGradient(8, 1), EvaluationSpec.NONE, false, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static TrainingSpec shardedPs(Compression compression) {
    return TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS).withTransport(Transport.SHARDED_PS, compression);
  }

  private static TrainingRecipe recipe(OptimizerType type) {
    return new TrainingRecipe(MODEL, OptimizerSpec.of(type, type == OptimizerType.ADAM ? 0.01 : 0.1),
        ScheduleSpec.fixed(), RegularizationSpec.NONE, 5);
  }

  private static TrainingResult train(TrainingRecipe recipe, int workers, TrainingSpec training, Recorder recorder) {
    return train(recipe, workers, false, training, recorder, FaultInjection.NONE);
  }

  private static TrainingResult train(TrainingRecipe recipe, int workers, boolean shuffle, TrainingSpec training,
      Recorder recorder, FaultInjection fault) {
    ShardedDataset shards = new DatasetLoader(TestSpark.get(), CsvFiles.spec(csv, CLASSES, shuffle), workers,
        BATCH_PER_WORKER).loadTraining();
    try {
      TrainingMaster master = training.transport() == Transport.SHARDED_PS
          ? new ShardedPsTrainingMaster(TestSpark.get(), recipe, training, EvaluationSpec.NONE, shuffle, 1, fault)
          : TrainingMasters.create(TestSpark.get(), recipe, training, EvaluationSpec.NONE, shuffle, 1);
      return master.fit(shards, null, null, recorder);
    } finally {
      shards.release();
    }
  }

  /** Keeps every report. */
  private static class Recorder implements TrainingListener {
    final List<StepReport> steps = new ArrayList<>();
    final List<EpochReport> epochs = new ArrayList<>();
    final List<TrafficReport> traffic = new ArrayList<>();

    @Override
    public void onStep(StepReport report) {
      steps.add(report);
    }

    @Override
    public void onEpoch(EpochReport report) {
      epochs.add(report);
    }

    @Override
    public void onTraffic(TrafficReport report) {
      traffic.add(report);
    }
  }
}
