package io.sparktrain.driver.train;

import static io.sparktrain.driver.train.DeterminismContractTest.assertRelativelyClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.driver.TestSpark;
import io.sparktrain.driver.checkpoint.Checkpoint;
import io.sparktrain.driver.checkpoint.CheckpointSpec;
import io.sparktrain.driver.checkpoint.CheckpointStore;
import io.sparktrain.driver.checkpoint.CheckpointWriter;
import io.sparktrain.driver.data.CsvFiles;
import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.train.TrainingListener.StepReport;
import io.sparktrain.kernels.config.ConfigException;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Exact resume at the master level: a run continued from a checkpoint taken inside an epoch (or at
 * an epoch's end) ends with the parameters of the run that never stopped, for {@code sync-gradient}
 * and {@code param-averaging}, with shuffling, dropout and a warmup-cosine schedule, after the
 * state went through the checkpoint file format.
 */
class ResumeTest {
  /** 203 examples, b = 8, 2 workers: 13 steps per epoch; 3 epochs. */
  private static final int WORKERS = 2;
  private static final int BATCH_PER_WORKER = 8;
  private static final int EPOCHS = 3;
  private static final int CLASSES = 3;
  private static final ModelSpec MODEL = new ModelSpec(Initialization.XAVIER, List.of(
      LayerSpec.dense(10, Activation.TANH).withDropout(0.2),
      LayerSpec.dense(7, Activation.RELU),
      LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
  private static final TrainingRecipe RECIPE = new TrainingRecipe(MODEL, OptimizerSpec.of(OptimizerType.ADAM, 0.01),
      ScheduleSpec.cosine(1e-4).withWarmup(4, 0.1), RegularizationSpec.penalties(0, 1e-3), 7);

  @TempDir
  static Path dir;
  private static Path csv;

  @BeforeAll
  static void writeData() throws Exception {
    csv = CsvFiles.write(SyntheticData.classification(203, 6, CLASSES, 17), dir.resolve("train.csv"));
  }

  @Test
  void syncGradientResumedInsideAnEpochEndsWithTheUninterruptedParameters() {
    assertResumesExactly(TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS), 5, 20);
  }

  @Test
  void syncGradientResumedAtAnEpochEndEndsWithTheUninterruptedParameters() {
    assertResumesExactly(TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS), 5, 13);
  }

  @Test
  void paramAveragingWithEachWorkersStateResumedInsideAnEpochEndsWithTheUninterruptedParameters() {
    // Rounds of 3 steps from each epoch's start: every 5 steps is due after the rounds ending at 6, 12, 16, 22, ...
    assertResumesExactly(TrainingSpec.paramAveraging(BATCH_PER_WORKER, EPOCHS, new AveragingSpec(3, false)), 5, 22);
  }

  @Test
  void paramAveragingWithTheStateAveragedResumedInsideAnEpochEndsWithTheUninterruptedParameters() {
    assertResumesExactly(TrainingSpec.paramAveraging(BATCH_PER_WORKER, EPOCHS, new AveragingSpec(3, true)), 5, 6);
  }

  /** A barrier stage runs a whole epoch, so the sharded parameter server checkpoints at epoch ends only. */
  @Test
  void shardedPsResumedAtAnEpochEndEndsWithTheUninterruptedParameters() {
    assertResumesExactly(TrainingSpec.syncGradient(BATCH_PER_WORKER, EPOCHS).withTransport(Transport.SHARDED_PS, Compression.NONE), 5,
        13);
  }

  @Test
  void aCheckpointOfAnotherOptimizerOrWorkerCountIsRefused() {
    Path folder = dir.resolve("refused");
    train(TrainingSpec.paramAveraging(BATCH_PER_WORKER, 1, new AveragingSpec(3, false)), RECIPE,
        fresh(), writer(folder, 0), new Recorder());
    TrainingState saved = newest(folder).state();
    TrainingRecipe sgd = new TrainingRecipe(MODEL, OptimizerSpec.of(OptimizerType.SGD, 0.1), ScheduleSpec.fixed(),
        RegularizationSpec.NONE, 7);

    assertThatThrownBy(() -> train(TrainingSpec.paramAveraging(BATCH_PER_WORKER, 2, new AveragingSpec(3, true)),
        RECIPE, saved, Checkpointing.NONE, new Recorder()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the checkpoint holds 2 optimizer states but this run needs 1");
    assertThatThrownBy(() -> train(TrainingSpec.syncGradient(BATCH_PER_WORKER, 2), sgd, saved, Checkpointing.NONE,
        new Recorder()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("optimizer state holds");
  }

  private void assertResumesExactly(TrainingSpec training, int everySteps, long resumeAt) {
    Path folder = dir.resolve(training.mode() + "-" + everySteps + "-" + resumeAt + "-" + System.nanoTime());
    Recorder uninterrupted = new Recorder();
    TrainingResult expected = train(training, RECIPE, fresh(), writer(folder, everySteps), uninterrupted);
    CheckpointStore store = new CheckpointStore(folder.toString(), new Configuration());
    assertThat(store.list()).as("checkpoints kept").isNotEmpty();
    Checkpoint checkpoint = readAt(folder, resumeAt);

    Recorder resumed = new Recorder();
    TrainingResult actual = train(training, RECIPE, checkpoint.state(), Checkpointing.NONE, resumed);

    assertRelativelyClose(actual.parameters(), expected.parameters(), 1e-6,
        training.mode() + " resumed at step " + resumeAt);
    assertThat(actual.steps()).isEqualTo(expected.steps()).isEqualTo(EPOCHS * 13L);
    assertThat(actual.epochs()).isEqualTo(EPOCHS);
    assertThat(resumed.steps).extracting(StepReport::step).first().isEqualTo(resumeAt);
    assertThat(resumed.steps.get(0).epoch()).isEqualTo((int) (resumeAt / 13));
    assertThat(resumed.steps.stream().map(StepReport::learningRate).toList())
        .isEqualTo(uninterrupted.steps.subList((int) resumeAt, uninterrupted.steps.size()).stream()
            .map(StepReport::learningRate).toList());
    assertThat(expected.parameters()).as("training moved the parameters").isNotEqualTo(fresh().parameters());
  }

  /** Keeps every checkpoint so that the test can pick one. */
  private static CheckpointWriter writer(Path folder, int everySteps) {
    return new CheckpointWriter(new CheckpointStore(folder.toString(), new Configuration()),
        new CheckpointSpec(folder.toString(), everySteps, 1000),
        state -> new Checkpoint(state, RECIPE.seed(), "seed: 7\n", Map.of(), ""));
  }

  private static Checkpoint readAt(Path folder, long step) {
    CheckpointStore store = new CheckpointStore(folder.toString(), new Configuration());
    assertThat(store.list()).extracting(CheckpointStore::stepOf).contains(step);
    try {
      return store.read(store.pathOf(step));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Checkpoint newest(Path folder) {
    return new CheckpointStore(folder.toString(), new Configuration()).newestReadable(message -> {}).orElseThrow();
  }

  private static TrainingState fresh() {
    return TrainingState.start(NetworkFactory.initialParameters(MODEL, NetworkShape.classifier(6, CLASSES),
        RECIPE.seed()));
  }

  private static TrainingResult train(TrainingSpec training, TrainingRecipe recipe, TrainingState start,
      Checkpointing checkpoints, TrainingListener listener) {
    ShardedDataset shards = new DatasetLoader(TestSpark.get(), CsvFiles.spec(csv, CLASSES, true), WORKERS,
        BATCH_PER_WORKER).loadTraining();
    try {
      return TrainingMasters.create(TestSpark.get(), recipe, training, EvaluationSpec.NONE, true, 1)
          .fit(shards, null, null, start, checkpoints, listener);
    } finally {
      shards.release();
    }
  }

  /** Keeps every step report. */
  private static final class Recorder implements TrainingListener {
    final List<StepReport> steps = new ArrayList<>();

    @Override
    public void onStep(StepReport report) {
      steps.add(report);
    }
  }
}
