package io.sparktrain.driver.ml;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.junit.jupiter.api.Test;

/** Spark's own CrossValidator tunes the estimator's params through copy(ParamMap). */
class CrossValidationTest {

  @Test
  void crossValidationPicksTheLearningRateThatLearns() {
    SparkTrainClassifier classifier = new SparkTrainClassifier().setHiddenLayers(8).setOptimizer("sgd")
        .setBatchSize(16).setEpochs(4).setWorkers(2).setSeed(21);
    double hopeless = 1e-6;
    double good = 0.3;
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(classifier.learningRate(), new double[] {hopeless, good})
        .build();
    CrossValidator validator = new CrossValidator().setEstimator(classifier).setEstimatorParamMaps(grid)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
        .setNumFolds(3).setSeed(5);

    CrossValidatorModel tuned = validator.fit(MlData.frame(MlData.blobs(240, 11)));

    double[] metrics = tuned.avgMetrics();
    double rateOfFirst = (Double) grid[0].apply(classifier.learningRate());
    double hopelessMetric = rateOfFirst == hopeless ? metrics[0] : metrics[1];
    double goodMetric = rateOfFirst == hopeless ? metrics[1] : metrics[0];
    assertThat(goodMetric).isGreaterThan(0.9);
    assertThat(goodMetric).isGreaterThan(hopelessMetric + 0.1);
    SparkTrainClassificationModel best = (SparkTrainClassificationModel) tuned.bestModel();
    assertThat(best.getLearningRate()).isEqualTo(good);
    assertThat(best.getEpochs()).isEqualTo(4);
  }
}
