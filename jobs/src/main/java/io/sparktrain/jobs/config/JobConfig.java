package io.sparktrain.jobs.config;

import io.sparktrain.driver.SparkSpec;
import io.sparktrain.driver.checkpoint.CheckpointSpec;
import io.sparktrain.driver.data.DataSpec;
import io.sparktrain.driver.data.Normalization;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.train.TrainingSpec;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.TrainingRecipe;

/**
 * A whole job: one YAML file, validated. The Java API builds the same record.
 *
 * @param name job name, used in logs and the default output folder
 * @param spark master and worker count
 * @param data where the data is and how to read it
 * @param recipe model, optimizer, schedule, regularization and seed
 * @param training mode, transport, batch size, epochs
 * @param evaluation the optional metrics (top-k accuracy), checked against the data's classes
 * @param outputDir where {@code model.zip}, {@code metrics.jsonl} and {@code summary.json} go
 *     (any Hadoop file system URI)
 * @param checkpoint where and how often to save checkpoints, or null for none
 */
public record JobConfig(String name, SparkSpec spark, DataSpec data, TrainingRecipe recipe,
    TrainingSpec training, EvaluationSpec evaluation, String outputDir, CheckpointSpec checkpoint) {

  /** Requires every part. */
  public JobConfig {
    ConfigException.require(name != null && !name.isBlank(), "name must not be blank");
    ConfigException.require(spark != null && data != null && recipe != null && training != null
        && evaluation != null, "spark, data, model, training and evaluation settings are required");
    ConfigException.require(outputDir != null && !outputDir.isBlank(), "output.dir is required");
    long outputs = recipe.model().outputUnits();
    int expected = data.classification() ? data.classes() : 1;
    ConfigException.require(outputs == 0 || outputs == expected, (recipe.model().dl4j() == null
        ? "the output layer's units is " : "model.dl4j-config " + recipe.model().dl4j().source()
        + ": the output layer has nOut ") + outputs + " but the data needs " + expected
        + (data.classification() ? " (data.classes)" : " (regression)"));
    ConfigException.require(!recipe.model().readsTokenIds() || data.normalize() == Normalization.NONE,
        "data.normalize must be none when model.layers[0] is an embedding (its features are token ids), got "
            + data.normalize().name().toLowerCase());
    evaluation.requireFits(data.classes());
    // Rejects a training.global-batch-size that does not divide across spark.workers before Spark starts.
    training.batchSize().examplesPerWorker(spark.workers(), 1);
    if (training.earlyStopping() != null) {
      ConfigException.require(data.validationFraction() > 0, "training.early-stopping needs a validation split:"
          + " set data.validation-fraction > 0 (it is " + data.validationFraction() + ")");
      training.earlyStopping().metric().requireFits(data.classes());
    }
  }

  /**
   * The per-worker batch {@code b} with {@code trainingExamples} examples to train on:
   * {@code training.batch-size-per-worker}, {@code training.global-batch-size} divided by
   * {@code spark.workers}, or {@code ceil(N / workers)} for {@code training.full-batch}.
   */
  public int batchSizePerWorker(long trainingExamples) {
    return training.batchSize().examplesPerWorker(spark.workers(), trainingExamples);
  }
}
