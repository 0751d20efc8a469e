package io.sparktrain.jobs;

import io.sparktrain.driver.SparkContexts;
import io.sparktrain.jobs.config.JobConfig;
import io.sparktrain.jobs.config.JobConfigReader;
import io.sparktrain.jobs.output.ModelFiles;
import io.sparktrain.kernels.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparktrain finetune --config job.yaml --from model.zip [--set key.path=value ...]}. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
    description = {"Fine-tune a saved model (ours or any DL4J MultiLayerNetwork zip): its hidden layers, a new"
        + " output layer for data.classes, model.freeze-layers (or up to model.freeze-up-to) frozen, the data"
        + " normalized as the model's was.",
        "The config's model.layers lists the pretrained hidden layers, then the new output layer; layers without a"
            + " name take the pretrained layer's name."})
final class FinetuneCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The fine-tuning job config (YAML).")
  private Path config;

  @Option(names = "--from", required = true, description = "The pretrained model.zip.")
  private Path from;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
  private List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    if (!Files.isRegularFile(from)) {
      throw new ConfigException("--from " + from + ": no such model file");
    }
    ModelFiles.SavedModel pretrained = ModelFiles.read(from);
    JobConfig job = JobConfigReader.read(config, overrides, pretrained.hiddenLayerNames());
    String yaml = JobConfigReader.canonicalYaml(config, overrides);
    JavaSparkContext spark = SparkContexts.start(job.spark(), "sparktrain-finetune-" + job.name());
    try {
      new TrainingJob(spark, job, yaml, System.out, System.err, TrainingJob.Resume.AUTOMATIC).run(pretrained);
    } finally {
      spark.stop();
    }
    return 0;
  }
}
