package io.sparktrain.driver.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.FeatureScaling;
import io.sparktrain.driver.data.Normalization;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.data.SkippedRows;
import io.sparktrain.kernels.model.NetworkShape;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Turns a DataFrame's features vector column and label column into the cached per-worker shards
 * that {@link io.sparktrain.driver.train.TrainingMaster}s train on. Row {@code i} of the DataFrame,
 * in its order (partition by partition), is example {@code i}, and goes to worker
 * {@code floor(i / b) mod W}: the determinism contract of examples read from files. Features are
 * used as given (no normalization; put a {@code StandardScaler} before the estimator in a
 * {@code Pipeline} for that). Errors name the column.
 */
final class DataFrameShards {
  private DataFrameShards() {}

  /**
   * The number of classes of a classification label column: from its metadata (a nominal or
   * binary attribute) when present, else the largest label plus one; at least 2.
   *
   * @throws IllegalArgumentException naming the column when a label is null, NaN, negative, not
   *     an integer, or not below the classes its metadata declares
   */
  static int classes(Dataset<?> data, String labelCol) {
    Column label = col(labelCol);
    Column bad = label.isNull().or(isnan(label)).or(label.lt(0)).or(label.notEqual(floor(label)));
    Row stats = data.agg(max(label), count(when(bad, lit(1))), first(when(bad, label), true)).head();
    long badCount = stats.getLong(1);
    if (badCount > 0) {
      throw new IllegalArgumentException("label column '" + labelCol + "' must hold class indices (integers >= 0),"
          + " but " + badCount + " rows do not, such as " + (stats.isNullAt(2) ? "null" : stats.get(2)));
    }
    if (stats.isNullAt(0)) {
      throw new IllegalArgumentException("the training data has no rows (label column '" + labelCol + "')");
    }
    double largest = stats.getDouble(0);
    int declared = declaredClasses(Attribute.fromStructField(data.schema().apply(labelCol)));
    if (declared > 0) {
      if (largest >= declared) {
        throw new IllegalArgumentException("label column '" + labelCol + "' holds class " + (long) largest
            + ", but its metadata declares " + declared + " classes: labels must be in [0, " + declared + ")");
      }
      return Math.max(declared, 2);
    }
    if (largest >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("label column '" + labelCol + "' holds class " + largest
          + ": too many classes");
    }
    return Math.max((int) largest + 1, 2);
  }

  private static int declaredClasses(Attribute attribute) {
    if (attribute instanceof NominalAttribute nominal && nominal.getNumValues().isDefined()) {
      return (Integer) nominal.getNumValues().get();
    }
    if (attribute instanceof BinaryAttribute) {
      return 2;
    }
    return 0;
  }

  /**
   * Checks a regression target column.
   *
   * @throws IllegalArgumentException naming the column when a target is null, NaN or infinite
   */
  static void checkTargets(Dataset<?> data, String labelCol) {
    Column label = col(labelCol);
    Column bad = label.isNull().or(isnan(label)).or(label.equalTo(Double.POSITIVE_INFINITY))
        .or(label.equalTo(Double.NEGATIVE_INFINITY));
    Row stats = data.agg(count(lit(1)), count(when(bad, lit(1))), first(when(bad, label), true)).head();
    if (stats.getLong(1) > 0) {
      throw new IllegalArgumentException("label column '" + labelCol + "' must hold finite numbers, but "
          + stats.getLong(1) + " rows do not, such as " + (stats.isNullAt(2) ? "null" : stats.get(2)));
    }
    if (stats.getLong(0) == 0) {
      throw new IllegalArgumentException("the training data has no rows (label column '" + labelCol + "')");
    }
  }

  /**
   * The number of features: the vector column's metadata size when known, else the first row's
   * vector size.
   */
  static int width(Dataset<?> data, String featuresCol) {
    int size = AttributeGroup.fromStructField(data.schema().apply(featuresCol)).size();
    if (size > 0) {
      return size;
    }
    Row first = data.select(col(featuresCol)).head();
    if (first.isNullAt(0)) {
      throw new IllegalArgumentException("features column '" + featuresCol + "': row 0 has no vector (null)");
    }
    int width = ((Vector) first.get(0)).size();
    if (width < 1) {
      throw new IllegalArgumentException("features column '" + featuresCol + "' holds empty vectors");
    }
    return width;
  }

  /**
   * Cached shards of the rows of {@code data}, one per worker.
   *
   * @param shape the network's input width (every vector must have that size) and output width
   * @param workers number of workers {@code W}
   * @param batchSize per-worker batch size {@code b}
   * @throws IllegalArgumentException naming the column and row when a vector is null, has
   *     another size or a value that is not a finite float
   */
  static ShardedDataset shard(Dataset<?> data, String featuresCol, String labelCol, NetworkShape shape,
      int workers, int batchSize) {
    JavaRDD<Row> input = data.select(col(featuresCol), col(labelCol)).toJavaRDD()
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      int width = shape.inputs();
      JavaRDD<io.sparktrain.driver.data.Row> examples = input.zipWithIndex()
          .map(row -> example(row._1(), row._2(), width, featuresCol));
      float[] ones = new float[width];
      Arrays.fill(ones, 1f);
      return DatasetLoader.shard(examples, workers, batchSize, shape,
          new FeatureScaling(Normalization.NONE, new float[width], ones), SkippedRows.none());
    } catch (Exception e) {
      throw unwrap(e);
    } finally {
      input.unpersist(false);
    }
  }

  private static io.sparktrain.driver.data.Row example(Row row, long index, int width, String featuresCol) {
    if (row.isNullAt(0)) {
      throw new IllegalArgumentException("features column '" + featuresCol + "': row " + index
          + " has no vector (null)");
    }
    Vector vector = (Vector) row.get(0);
    if (vector.size() != width) {
      throw new IllegalArgumentException("features column '" + featuresCol + "': row " + index + " has "
          + vector.size() + " features, but the data has " + width);
    }
    float[] values = new float[width];
    double[] dense = vector.toArray();
    for (int f = 0; f < width; f++) {
      values[f] = (float) dense[f];
      if (!Float.isFinite(values[f])) {
        throw new IllegalArgumentException("features column '" + featuresCol + "': row " + index + ", feature "
            + f + ": value " + dense[f] + " is not a finite float");
      }
    }
    return new io.sparktrain.driver.data.Row(index, values, null, (float) row.getDouble(1));
  }

  /** The input error a failed Spark job carries, thrown again on the driver, or else the failure. */
  static RuntimeException unwrap(Exception failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof IllegalArgumentException bad) {
        return cause == failure ? bad : new IllegalArgumentException(bad.getMessage(), failure);
      }
    }
    return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
  }
}
