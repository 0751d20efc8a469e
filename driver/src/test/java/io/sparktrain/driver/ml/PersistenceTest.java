package io.sparktrain.driver.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Estimators and fitted models save and load through Spark ML's writers, also inside pipelines. */
class PersistenceTest {
  @TempDir
  Path dir;

  @Test
  void aFittedPipelineGivesIdenticalPredictionsAfterSaveAndLoad() throws Exception {
    Dataset<Row> train = columns(MlData.frame(MlData.blobs(200, 7)));
    Dataset<Row> test = columns(MlData.frame(MlData.blobs(60, 8)));
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x0", "x1"}).setOutputCol("features"),
        new SparkTrainClassifier().setHiddenLayers(8).setLearningRate(0.05).setBatchSize(16).setEpochs(3)
            .setWorkers(2).setSeed(9).setProbabilityCol("p")});
    PipelineModel fitted = pipeline.fit(train);
    List<Row> before = fitted.transform(test).orderBy("id").select("id", "prediction", "p", "rawPrediction")
        .collectAsList();

    String path = dir.resolve("pipeline-model").toUri().toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    List<Row> after = loaded.transform(test).orderBy("id").select("id", "prediction", "p", "rawPrediction")
        .collectAsList();

    assertThat(after).isEqualTo(before);
    SparkTrainClassificationModel original = (SparkTrainClassificationModel) fitted.stages()[1];
    SparkTrainClassificationModel model = (SparkTrainClassificationModel) loaded.stages()[1];
    assertThat(model.uid()).isEqualTo(original.uid());
    assertThat(model.flatParameters()).isEqualTo(original.flatParameters());
    assertThat(model.getProbabilityCol()).isEqualTo("p");
    assertThat(model.getLearningRate()).isEqualTo(0.05);
    assertThat(model.numClasses()).isEqualTo(3);
  }

  @Test
  void aRegressionModelSavesAndLoadsOnItsOwn() throws Exception {
    Dataset<Row> data = MlData.frame(MlData.linear(120, 9));
    SparkTrainRegressionModel model = new SparkTrainRegressor().setHiddenLayers(4).setEpochs(2).setBatchSize(16)
        .setSeed(2).fit(data);
    String path = dir.resolve("regressor-model").toString();

    model.save(path);
    SparkTrainRegressionModel loaded = SparkTrainRegressionModel.load(path);

    assertThat(loaded.uid()).isEqualTo(model.uid());
    assertThat(loaded.flatParameters()).isEqualTo(model.flatParameters());
    assertThat(loaded.getHiddenLayers()).containsExactly(4);
    assertThat(loaded.transform(data).orderBy("id").select("prediction").collectAsList())
        .isEqualTo(model.transform(data).orderBy("id").select("prediction").collectAsList());
  }

  @Test
  void unfittedEstimatorsSaveAndLoadWithTheirParams() throws Exception {
    SparkTrainClassifier classifier = new SparkTrainClassifier().setHiddenLayers(32, 16).setActivation("tanh")
        .setInit("he-uniform").setOptimizer("adamw").setLearningRate(0.003).setBatchSize(24).setEpochs(7)
        .setL2(1e-4).setWeightDecay(1e-2).setDropout(0.1).setSeed(123).setWorkers(3)
        .setTrainingMode("param-averaging").setAveragingFrequency(2).setShuffle(false)
        .setFeaturesCol("x").setLabelCol("y").setThresholds(new double[] {0.5, 0.3, 0.2});
    String path = dir.resolve("classifier").toString();

    classifier.save(path);
    SparkTrainClassifier loaded = SparkTrainClassifier.load(path);

    assertThat(loaded.uid()).isEqualTo(classifier.uid());
    assertThat(paramValues(loaded)).isEqualTo(paramValues(classifier));
    assertThat(loaded.getHiddenLayers()).containsExactly(32, 16);
    assertThat(loaded.getOptimizer()).isEqualTo("adamw");
    assertThat(loaded.getTrainingMode()).isEqualTo("param-averaging");

    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {new SparkTrainRegressor().setEpochs(9)});
    String pipelinePath = dir.resolve("pipeline").toString();
    pipeline.save(pipelinePath);
    SparkTrainRegressor regressor = (SparkTrainRegressor) Pipeline.load(pipelinePath).getStages()[0];
    assertThat(regressor.getEpochs()).isEqualTo(9);
    assertThat(regressor.uid()).isEqualTo(pipeline.getStages()[0].uid());
  }

  /** The features as plain double columns {@code x0}, {@code x1}, for a {@code VectorAssembler}. */
  private static Dataset<Row> columns(Dataset<Row> data) {
    Dataset<Row> array = data.withColumn("xs", functions.vector_to_array(data.col("features"), "float64"));
    return array.select(array.col("id"), array.col("xs").getItem(0).as("x0"), array.col("xs").getItem(1).as("x1"),
        array.col("label"));
  }

  /** Every param's name and value (arrays as lists), explicit or default. */
  private static Map<String, Object> paramValues(Params stage) {
    Map<String, Object> values = new TreeMap<>();
    for (ParamPair<?> pair : stage.extractParamMap().toList()) {
      Object value = pair.value();
      if (value instanceof int[] ints) {
        value = Arrays.toString(ints);
      } else if (value instanceof double[] doubles) {
        value = Arrays.toString(doubles);
      }
      values.put(pair.param().name(), value);
    }
    return values;
  }
}
