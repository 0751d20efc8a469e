package io.sparktrain.jobs;

import io.sparktrain.driver.SparkContexts;
import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.driver.eval.Evaluator;
import io.sparktrain.jobs.config.JobConfig;
import io.sparktrain.jobs.config.JobConfigReader;
import io.sparktrain.jobs.output.ModelFiles;
import io.sparktrain.jobs.output.Summary;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.model.NetworkFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparktrain evaluate --config job.yaml --model model.zip}: metrics on the test data, as JSON. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate a saved model on the config's test data (or --data) and print the metrics as JSON.")
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The job config the model was trained with.")
  private Path config;

  @Option(names = "--model", required = true, description = "model.zip written by train.")
  private Path model;

  @Option(names = "--data", description = "Data to evaluate on, in the config's format (default: data.test).")
  private String data;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
  private List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    JobConfig job = JobConfigReader.read(config, overrides);
    String path = data != null ? data : job.data().test();
    if (path == null) {
      throw new ConfigException("nothing to evaluate on: data.test is not set and --data was not given");
    }
    ModelFiles.SavedModel saved = ModelFiles.read(model);
    JavaSparkContext spark = SparkContexts.start(job.spark(), "sparktrain-evaluate-" + job.name());
    try {
      DatasetLoader loader = new DatasetLoader(spark, job.data(), job.spark().workers(), job::batchSizePerWorker)
          .forModel(job.recipe().model());
      ShardedDataset shards = loader.load(path, saved.schema());
      long expected = NetworkFactory.build(job.recipe().model(), shards.shape(), 0).numParams();
      if (expected != saved.network().numParams()) {
        throw new ConfigException(model + " holds " + saved.network().numParams()
            + " parameters but the config's model has " + expected + ": use the config it was trained with");
      }
      Evaluation evaluation = new Evaluator(spark, job.recipe().model(), job.evaluation(),
          SparkContexts.nativeThreadsPerWorker(spark)).evaluate(shards, saved.parameters());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("model", model.toString());
      result.put("data", path);
      result.put("examples", evaluation.count());
      result.put("loss", evaluation.loss());
      Summary.putMetrics(result, "", evaluation, true);
      result.put("skipped_rows", shards.skipped().byReason());
      System.out.println(TrainingJob.JSON.writeValueAsString(result));
    } finally {
      spark.stop();
    }
    return 0;
  }
}
