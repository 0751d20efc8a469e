package io.sparktrain.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparktrain.driver.SparkContexts;
import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.data.TrainingSplit;
import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.driver.eval.Evaluator;
import io.sparktrain.driver.checkpoint.Checkpoint;
import io.sparktrain.driver.checkpoint.CheckpointStore;
import io.sparktrain.driver.checkpoint.CheckpointWriter;
import io.sparktrain.driver.train.AveragingSpec;
import io.sparktrain.driver.train.Checkpointing;
import io.sparktrain.driver.train.TrainingListener;
import io.sparktrain.driver.train.TrainingMaster;
import io.sparktrain.driver.train.TrainingMasters;
import io.sparktrain.driver.train.TrainingResult;
import io.sparktrain.driver.train.TrainingState;
import io.sparktrain.jobs.config.ConfigDiff;
import io.sparktrain.jobs.config.JobConfig;
import io.sparktrain.jobs.output.MetricsLog;
import io.sparktrain.jobs.output.ModelFiles;
import io.sparktrain.jobs.output.OutputDir;
import io.sparktrain.jobs.output.ProgressPrinter;
import io.sparktrain.jobs.output.Summary;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.model.NetworkFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A whole training job on a running Spark context: load and cache the data, train, evaluate on the
 * full training set and the test set, and write {@code model.zip}, {@code metrics.jsonl} and
 * {@code summary.json}. Nothing is written before the data has been read and validated.
 *
 * <p>With {@code checkpoint} set, the run saves checkpoints to {@code checkpoint.dir}, and when that
 * folder already holds one it continues from the newest readable checkpoint (an unreadable newer one
 * is reported and skipped), provided the config differs from the checkpoint's in none but
 * {@link ConfigDiff#FREE_KEYS}; otherwise it refuses with a {@link ConfigException} naming the keys,
 * unless {@link Resume#force}.
 */
public final class TrainingJob {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final JavaSparkContext spark;
  private final JobConfig config;
  private final String configYaml;
  private final PrintStream progress;
  private final PrintStream warnings;
  private final Resume resume;

  /**
   * How a job treats the checkpoints already in {@code checkpoint.dir}.
   *
   * @param required whether the job must continue from one ({@code --resume}): without one it fails
   * @param force whether to continue from one although the config differs from its config ({@code --force})
   */
  public record Resume(boolean required, boolean force) {
    /** Continue from a checkpoint when there is one and the config matches; start afresh when there is none. */
    public static final Resume AUTOMATIC = new Resume(false, false);
  }

  /**
   * @param spark a running context
   * @param config the validated job
   * @param configYaml the config text as run (for its hash in the provenance and checkpoints)
   * @param progress where progress lines go
   * @param warnings where warnings go, such as a skipped unreadable checkpoint
   * @param resume how to treat existing checkpoints
   */
  public TrainingJob(JavaSparkContext spark, JobConfig config, String configYaml, PrintStream progress,
      PrintStream warnings, Resume resume) {
    this.spark = spark;
    this.config = config;
    this.configYaml = configYaml;
    this.progress = progress;
    this.warnings = warnings;
    this.resume = resume;
  }

  /** Runs the job from the seeded initialization; returns the summary written to {@code summary.json}. */
  public Map<String, Object> run() {
    return run(null);
  }

  /**
   * Runs the job; with a pretrained model, fine-tunes it: the data is normalized as the model's
   * was, and training starts from its hidden layers with a new output layer.
   *
   * @param pretrained the model to start from, or null
   */
  public Map<String, Object> run(ModelFiles.SavedModel pretrained) {
    CheckpointStore store = config.checkpoint() == null ? null
        : new CheckpointStore(config.checkpoint().dir(), spark.hadoopConfiguration());
    Checkpoint resumed = resumeFrom(store);
    int workers = config.spark().workers();
    DatasetLoader loader = new DatasetLoader(spark, config.data(), workers, config::batchSizePerWorker)
        .forModel(config.recipe().model());
    TrainingSplit split = loader.loadTrainingSplit(pretrained == null ? null : pretrained.schema(),
        config.recipe().seed());
    ShardedDataset train = split.training();
    ShardedDataset validation = split.validation();
    ShardedDataset test = config.data().test() == null ? null : loader.loadTest(train.schema());
    progress.printf("loaded %,d training examples%s%s of %d features on %d workers%n", train.count(),
        validation == null ? "" : String.format(", %,d validation examples", validation.count()),
        test == null ? "" : String.format(" and %,d test examples", test.count()), train.shape().inputs(), workers);
    reportSkipped("training", config.data().train(), train);
    if (test != null) {
      reportSkipped("test", config.data().test(), test);
    }
    int threads = SparkContexts.nativeThreadsPerWorker(spark);
    TrainingMaster master = TrainingMasters.create(spark, config.recipe(), config.training(),
        config.evaluation(), config.data().shuffle(), threads);
    MetricsLog metrics = new MetricsLog(resumed == null ? "" : resumed.metrics());
    ProgressPrinter printer = new ProgressPrinter(progress, config.training().logEverySteps(),
        config.training().epochs());
    TrainingState start = resumed != null ? resumed.state() : TrainingState.start(pretrained == null
        ? NetworkFactory.initialParameters(config.recipe().model(), train.shape(), config.recipe().seed())
        : FineTuning.initialParameters(config.recipe().model(), train.shape(), config.recipe().seed(),
            pretrained.network(), pretrained.source()));
    Map<String, String> provenance = new LinkedHashMap<>();
    Provenance.of(spark.version(), configYaml, config.data().train(), config.data().test())
        .forEach((key, value) -> provenance.put(key, value == null ? "" : value.toString()));
    Checkpointing checkpoints = store == null ? Checkpointing.NONE : new CheckpointWriter(store, config.checkpoint(),
        state -> new Checkpoint(state, config.recipe().seed(), configYaml, provenance, metrics.text()));
    TrainingResult result = master.fit(train, validation, test, start, checkpoints, both(printer, metrics));
    if (result.stoppedEarly()) {
      progress.printf("stopped early after epoch %d: validation %s has not improved since epoch %d;"
          + " keeping epoch %d's parameters%n", result.epochs(), config.training().earlyStopping().metric().yamlName(), result.bestEpoch() + 1,
          result.bestEpoch() + 1);
    }

    Evaluator evaluator = new Evaluator(spark, config.recipe().model(), config.evaluation(), threads);
    Evaluation trainEvaluation = evaluator.evaluate(train, result.parameters());
    Evaluation testEvaluation = result.test();
    Map<String, Object> summary = summary(result, train, trainEvaluation, testEvaluation);
    summary.put("skipped_rows", train.skipped().byReason());
    if (test != null) {
      summary.put("test_skipped_rows", test.skipped().byReason());
    }
    write(result, train, metrics, summary);
    split.release();
    if (test != null) {
      test.release();
    }
    return summary;
  }

  /** The checkpoint to continue from, or null to start afresh, as {@link #resume} says. */
  private Checkpoint resumeFrom(CheckpointStore store) {
    if (store == null) {
      ConfigException.require(!resume.required(), "--resume needs checkpoint.dir: the config has no checkpoint"
          + " section");
      return null;
    }
    Optional<Checkpoint> newest = store.newestReadable(problem -> warnings.println("sparktrain: warning: skipping"
        + " checkpoint " + problem + "; trying the previous one"));
    if (newest.isEmpty()) {
      ConfigException.require(!resume.required(), "--resume: checkpoint.dir " + config.checkpoint().dir()
          + " holds no readable checkpoint");
      return null;
    }
    Checkpoint checkpoint = newest.get();
    String path = store.pathOf(checkpoint.state().step());
    List<String> differing = ConfigDiff.differingKeys(checkpoint.config(), configYaml);
    if (!differing.isEmpty()) {
      ConfigException.require(resume.force(), "the config differs from that of checkpoint " + path + " in "
          + String.join(", ", differing) + "; these change the parameters the run ends with. Resume with --force"
          + " to continue with this config anyway, or set another checkpoint.dir to start afresh");
      warnings.println("sparktrain: warning: --force: resuming although the config differs in "
          + String.join(", ", differing));
    }
    TrainingState state = checkpoint.state();
    progress.printf("resuming from %s: %d steps done, epoch %d, step %d of the epoch%n", path, state.step(),
        state.epoch() + 1, state.stepInEpoch());
    return checkpoint;
  }

  private Map<String, Object> summary(TrainingResult result, ShardedDataset train, Evaluation trainEvaluation,
      Evaluation testEvaluation) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("name", config.name());
    summary.put("train_loss", trainEvaluation.loss());
    summary.put("train_examples", train.count());
    Evaluation reported = testEvaluation == null ? trainEvaluation : testEvaluation;
    summary.put("evaluated_on", testEvaluation == null ? "train" : "test");
    if (testEvaluation != null) {
      summary.put("test_loss", testEvaluation.loss());
      summary.put("test_examples", testEvaluation.count());
    }
    Summary.putMetrics(summary, "", reported, true);
    Evaluation validation = result.validation();
    if (validation != null) {
      summary.put("validation_loss", validation.loss());
      summary.put("validation_examples", validation.count());
      Summary.putMetrics(summary, "validation_", validation, false);
    }
    summary.put("epochs", result.epochs());
    summary.put("best_epoch", result.bestEpoch());
    summary.put("stopped_early", result.stoppedEarly());
    summary.put("steps", result.steps());
    summary.put("seconds", result.trainSeconds());
    summary.put("samples_per_second", result.samplesPerSecond());
    summary.put("workers", config.spark().workers());
    summary.put("training_mode", config.training().mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    summary.put("training_transport",
        config.training().transport().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    AveragingSpec averaging = config.training().averaging();
    if (averaging != null) {
      summary.put("averaging_frequency", averaging.frequency());
      summary.put("average_updater_state", averaging.averageUpdaterState());
    }
    int batchSize = config.batchSizePerWorker(train.count());
    summary.put("batch_size_per_worker", batchSize);
    summary.put("global_batch_size", batchSize * config.spark().workers());
    summary.put("seed", config.recipe().seed());
    summary.put("provenance", Provenance.of(spark.version(), configYaml, config.data().train(),
        config.data().test()));
    return summary;
  }

  private void write(TrainingResult result, ShardedDataset train, MetricsLog metrics, Map<String, Object> summary) {
    OutputDir out = new OutputDir(config.outputDir(), spark.hadoopConfiguration());
    try {
      Path model = ModelFiles.writeLocal(config.recipe().model(), train.shape(), result.parameters(),
          train.scaling());
      try {
        out.copyFrom(model, "model.zip");
      } finally {
        Files.deleteIfExists(model);
      }
      out.writeText("metrics.jsonl", metrics.text());
      out.writeText("summary.json", JSON.writeValueAsString(summary) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the summary holds plain values and must serialize", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model: " + e.getMessage(), e);
    }
    progress.printf("wrote %s, %s and %s%n", out.resolve("model.zip"), out.resolve("metrics.jsonl"),
        out.resolve("summary.json"));
  }

  private void reportSkipped(String which, String path, ShardedDataset data) {
    if (data.skipped().total() > 0) {
      progress.printf("skipped %,d bad %s rows of %s (data.on-bad-row: skip): %s%n", data.skipped().total(), which,
          path, data.skipped());
    }
  }

  private static TrainingListener both(TrainingListener first, TrainingListener second) {
    List<TrainingListener> listeners = List.of(first, second);
    return new TrainingListener() {
      @Override
      public void onStep(StepReport report) {
        listeners.forEach(listener -> listener.onStep(report));
      }

      @Override
      public void onEpoch(EpochReport report) {
        listeners.forEach(listener -> listener.onEpoch(report));
      }

      @Override
      public void onTraffic(TrafficReport report) {
        listeners.forEach(listener -> listener.onTraffic(report));
      }
    };
  }
}
