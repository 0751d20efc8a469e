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

/** {@code sparktrain train --config job.yaml [--set key.path=value ...]}. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a network on Spark and write model.zip, metrics.jsonl and summary.json to output.dir.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The job config (YAML).")
  private Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a config key, e.g. --set training.epochs=3 (repeatable).")
  private List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    JobConfig job = JobConfigReader.read(config, overrides);
    String yaml = JobConfigReader.canonicalYaml(config, overrides);
    JavaSparkContext spark = SparkContexts.start(job.spark(), "sparktrain-train-" + job.name());
    try {
      new TrainingJob(spark, job, yaml, System.out).run();
    } finally {
      spark.stop();
    }
    return 0;
  }
}
