package io.sparktrain.driver.ml;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The estimators learn: measured on held-out data with Spark's own evaluators. */
class LearningQualityTest {

  @Test
  void theClassifierSeparatesThreeBlobs() {
    Dataset<Row> train = MlData.frame(MlData.blobs(300, 1));
    Dataset<Row> test = MlData.frame(MlData.blobs(150, 2));
    SparkTrainClassificationModel model = new SparkTrainClassifier()
        .setHiddenLayers(16).setOptimizer("adam").setLearningRate(0.05)
        .setBatchSize(16).setEpochs(8).setWorkers(2).setSeed(3)
        .fit(train);

    Dataset<Row> predicted = model.transform(test);
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predicted);

    assertThat(accuracy).isGreaterThan(0.95);
    Row first = predicted.select("probability", "rawPrediction", "prediction").head();
    Vector probability = (Vector) first.get(0);
    assertThat(probability.size()).isEqualTo(3);
    assertThat(Arrays.stream(probability.toArray()).min().orElseThrow()).isGreaterThanOrEqualTo(0.0);
    assertThat(Arrays.stream(probability.toArray()).sum()).isCloseTo(1.0, Offset.offset(1e-9));
    assertThat(first.getDouble(2)).isEqualTo((double) probability.argmax());
    assertThat(model.predict((Vector) test.select("features").head().get(0)))
        .as("the single-row predict agrees with transform")
        .isEqualTo(predicted.select("prediction").head().getDouble(0));
  }

  @Test
  void theRegressorFitsANoisyLinearFunctionFarBetterThanTheMean() {
    Dataset<Row> train = MlData.frame(MlData.linear(400, 5));
    Dataset<Row> test = MlData.frame(MlData.linear(200, 6));
    SparkTrainRegressionModel model = new SparkTrainRegressor()
        .setHiddenLayers(16).setOptimizer("adam").setLearningRate(0.02)
        .setBatchSize(16).setEpochs(10).setWorkers(2).setSeed(4)
        .fit(train);

    double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(model.transform(test));
    double mean = train.agg(avg(col("label"))).head().getDouble(0);
    double baseline = new RegressionEvaluator().setMetricName("rmse")
        .evaluate(test.withColumn("prediction", lit(mean)));

    assertThat(baseline).isGreaterThan(3.0);
    assertThat(rmse).isLessThan(0.15 * baseline);
  }
}
