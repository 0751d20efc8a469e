package io.sparktrain.driver.ml;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.kernels.config.ConfigException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Bad labels, features and params fail before training, naming the column or param. */
class BadInputTest {

  private static Dataset<Row> rows(Object[]... values) {
    return MlData.spark().createDataFrame(Arrays.stream(values).map(RowFactory::create).toList(),
        MlData.SCHEMA);
  }

  @Test
  void aLabelThatIsNotAnIntegerClassFailsNamingTheColumn() {
    Dataset<Row> data = rows(new Object[] {0L, Vectors.dense(1, 2), 0.0}, new Object[] {1L, Vectors.dense(3, 4), 1.5});
    assertThatThrownBy(() -> new SparkTrainClassifier().fit(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label column 'label'").hasMessageContaining("1.5");
  }

  @Test
  void aNegativeLabelFailsNamingTheColumn() {
    Dataset<Row> data = rows(new Object[] {0L, Vectors.dense(1, 2), 0.0}, new Object[] {1L, Vectors.dense(3, 4), -1.0});
    assertThatThrownBy(() -> new SparkTrainClassifier().fit(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label column 'label'").hasMessageContaining("-1.0");
  }

  @Test
  void aLabelBeyondTheClassesItsMetadataDeclaresFailsNamingTheColumn() {
    Dataset<Row> data = rows(new Object[] {0L, Vectors.dense(1, 2), 0.0}, new Object[] {1L, Vectors.dense(3, 4), 2.0});
    Dataset<Row> declared = data.withColumn("label", data.col("label"),
        NominalAttribute.defaultAttr().withName("label").withNumValues(2).toMetadata());
    assertThatThrownBy(() -> new SparkTrainClassifier().fit(declared))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label column 'label'").hasMessageContaining("declares 2 classes");
  }

  @Test
  void aNonFiniteRegressionTargetFailsNamingTheColumn() {
    Dataset<Row> data = rows(new Object[] {0L, Vectors.dense(1, 2), 0.5},
        new Object[] {1L, Vectors.dense(3, 4), Double.NaN}).withColumnRenamed("label", "target");
    assertThatThrownBy(() -> new SparkTrainRegressor().setLabelCol("target").fit(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label column 'target'");
  }

  @Test
  void featuresThatAreNotVectorsFailNamingTheColumn() {
    StructType schema = new StructType().add("features", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
    Dataset<Row> data = MlData.spark().createDataFrame(List.of(RowFactory.create(1.0, 0.0)), schema);
    assertThatThrownBy(() -> new SparkTrainClassifier().fit(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("features");
  }

  @Test
  void vectorsOfAnotherSizeFailNamingTheColumnAndRow() {
    Dataset<Row> data = rows(new Object[] {0L, Vectors.dense(1, 2), 0.0}, new Object[] {1L, Vectors.dense(3, 4, 5), 1.0},
        new Object[] {2L, Vectors.dense(3, 4), 1.0});
    assertThatThrownBy(() -> new SparkTrainClassifier().setEpochs(1).fit(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("features column 'features': row 1 has 3 features, but the data has 2");
  }

  @Test
  void badParamValuesFailNamingTheParam() {
    assertThatThrownBy(() -> new SparkTrainClassifier().setLearningRate(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
    assertThatThrownBy(() -> new SparkTrainClassifier().setOptimizer("adamx"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("optimizer");
    assertThatThrownBy(() -> new SparkTrainClassifier().setHiddenLayers(8, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hiddenLayers");
    assertThatThrownBy(() -> new SparkTrainRegressor().setActivation("nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("activation");
    assertThatThrownBy(() -> new SparkTrainRegressor().setDropout(1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropout");
  }

  @Test
  void adamwWithoutWeightDecayFailsNamingBothParams() {
    Dataset<Row> data = rows(new Object[] {0L, Vectors.dense(1, 2), 0.0}, new Object[] {1L, Vectors.dense(3, 4), 1.0});
    assertThatThrownBy(() -> new SparkTrainClassifier().setOptimizer("adamw").fit(data))
        .isInstanceOf(ConfigException.class).hasMessageContaining("adamw").hasMessageContaining("weightDecay");
  }
}
