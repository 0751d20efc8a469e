package io.sparktrain.driver.ml;

import io.sparktrain.driver.SparkContexts;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.train.TrainingListener;
import io.sparktrain.driver.train.TrainingMasters;
import io.sparktrain.driver.train.TrainingSpec;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkShape;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;

/** The one training path of both estimators: recipe and spec from the params, shards, a master's fit. */
final class Fits {
  private Fits() {}

  /**
   * Trains the network the params describe on {@code data} and returns its flat parameters.
   *
   * @param shape the network's widths, found from the data
   * @throws io.sparktrain.kernels.config.ConfigException when the params conflict (before any Spark job)
   * @throws IllegalArgumentException naming the column when a row cannot be used
   */
  static float[] fit(SparkTrainParams params, Dataset<?> data, String featuresCol, String labelCol,
      NetworkShape shape) {
    TrainingRecipe recipe = TrainerParams.recipe(params, shape.classification());
    TrainingSpec training = TrainerParams.trainingSpec(params);
    int workers = params.getWorkers();
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
    ShardedDataset shards = DataFrameShards.shard(data, featuresCol, labelCol, shape, workers,
        training.batchSize().examplesPerWorker(workers));
    try {
      return TrainingMasters.create(spark, recipe, training, EvaluationSpec.NONE, params.getShuffle(),
          SparkContexts.nativeThreadsPerWorker(spark)).fit(shards, null, null, new TrainingListener() {}).parameters();
    } finally {
      shards.release();
    }
  }
}
