package io.sparktrain.jobs;

import io.sparktrain.driver.SparkContexts;
import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.data.TrainingSplit;
import io.sparktrain.driver.tune.TrialPlan;
import io.sparktrain.driver.tune.TrialRecord;
import io.sparktrain.driver.tune.TuneRunner;
import io.sparktrain.driver.tune.TuneSpec;
import io.sparktrain.jobs.config.JobConfig;
import io.sparktrain.jobs.config.TuneConfig;
import io.sparktrain.jobs.config.TuneConfigReader;
import io.sparktrain.jobs.output.OutputDir;
import io.sparktrain.jobs.tune.JsonTuneJournal;
import io.sparktrain.jobs.tune.TuneOutputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparktrain tune --config tune.yaml [--set key.path=value ...] [--resume]}. */
@Command(name = "tune", mixinStandardHelpOptions = true,
    description = "Search hyperparameters (the config's tune section) and write trials.jsonl, leaderboard.csv,"
        + " best.yaml and plots to output.dir.")
final class TuneCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The job config with a tune section (YAML).")
  private Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a config key, e.g. --set tune.trials=8 (repeatable).")
  private List<String> overrides = new ArrayList<>();

  @Option(names = "--resume", description = "Continue the search journaled in output.dir: finished trials and"
      + " segments are not trained again. Without it output.dir must hold no journal.")
  private boolean resume;

  private final Consumer<List<TrialRecord>> afterWave;

  TuneCommand() {
    this(trials -> {});
  }

  /**
   * A command that tells {@code afterWave} the trials after every wave, once the wave is journaled and
   * trials.jsonl written: tests stop a search there, as a driver killed between waves would stop.
   */
  TuneCommand(Consumer<List<TrialRecord>> afterWave) {
    this.afterWave = afterWave;
  }

  @Override
  public Integer call() {
    TuneConfig tune = TuneConfigReader.read(config, overrides);
    JobConfig base = tune.baseJob();
    TuneSpec spec = tune.tune();
    OutputDir out = null;
    JavaSparkContext spark = SparkContexts.start(base.spark(), "sparktrain-tune-" + base.name());
    try {
      out = new OutputDir(base.outputDir(), spark.hadoopConfiguration());
      JsonTuneJournal journal = new JsonTuneJournal(out, resume);
      DatasetLoader loader = new DatasetLoader(spark, base.data(), spec.trialWorkers(), base::batchSizePerWorker)
          .forModel(base.recipe().model());
      TrainingSplit split = loader.loadTrainingSplit(null, base.recipe().seed());
      ShardedDataset training = split.training();
      ShardedDataset test = split.validation() == null && base.data().test() != null && spec.folds() <= 1
          ? loader.loadTest(training.schema()) : null;
      ShardedDataset heldOut = split.validation() != null ? split.validation() : test != null ? test : training;
      System.out.printf("tune: %d trials (%s) of %s on %,d training examples, %s; evaluated on %s%n", spec.trials(),
          spec.strategy().name().toLowerCase(java.util.Locale.ROOT), spec.space().keys(), training.count(),
          spec.folds() > 1 ? spec.folds() + "-fold cross-validation" : "one fit per trial",
          spec.folds() > 1 ? "the held-out fold" : split.validation() != null ? "the validation split"
              : test != null ? "the test data" : "the training data (set data.validation-fraction)");
      TuneOutputs outputs = new TuneOutputs(out, spec.metric(), spec.goal(), spec.folds() > 1, spec.trialWorkers());
      TuneRunner runner = new TuneRunner(spark, spec, values -> {
        JobConfig trial = TuneConfigReader.trialJob(tune, values);
        return new TrialPlan(trial.recipe(), trial.training(), trial.data().shuffle(), trial.evaluation());
      }, base.training().epochs(), base.outputDir());
      List<TrialRecord> trials = runner.run(training, heldOut, journal, wave -> {
        outputs.writeTrials(wave);
        afterWave.accept(wave);
      });
      TrialRecord best = outputs.writeAll(trials, tune.jobYaml());
      System.out.printf("best: trial %d, %s %.6g after %d epochs, %s; wrote %s, %s, %s%n", best.id(), spec.metric(),
          best.score(), best.epochsTrained(), best.values(), out.resolve("trials.jsonl"),
          out.resolve("leaderboard.csv"), out.resolve("best.yaml"));
      split.release();
      if (test != null) {
        test.release();
      }
    } finally {
      spark.stop();
    }
    return 0;
  }
}
