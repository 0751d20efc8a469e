package io.sparktrain.jobs;

import io.sparktrain.driver.SparkContexts;
import io.sparktrain.jobs.config.JobConfig;
import io.sparktrain.jobs.config.JobConfigReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparktrain train --config job.yaml [--set key.path=value ...] [--resume] [--force]}. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a network on Spark and write model.zip, metrics.jsonl and summary.json to output.dir.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The job config (YAML).")
  private Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a config key, e.g. --set training.epochs=3 (repeatable).")
  private List<String> overrides = new ArrayList<>();

  @Option(names = "--resume", description = "Continue from the newest readable checkpoint in checkpoint.dir;"
      + " fail if there is none. Without it a run continues from one when there is one, and starts afresh otherwise.")
  private boolean resume;

  @Option(names = "--force", description = "Continue from the checkpoint although the config differs from its"
      + " config in keys that change the result.")
  private boolean force;

  @Override
  public Integer call() {
    JobConfig job = JobConfigReader.read(config, overrides);
    String yaml = JobConfigReader.canonicalYaml(config, overrides);
    JavaSparkContext spark = SparkContexts.start(job.spark(), "sparktrain-train-" + job.name());
    try {
      new TrainingJob(spark, job, yaml, System.out, System.err, new TrainingJob.Resume(resume, force)).run();
    } finally {
      spark.stop();
    }
    return 0;
  }
}
