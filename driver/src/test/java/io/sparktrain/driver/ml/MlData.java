package io.sparktrain.driver.ml;

import io.sparktrain.driver.TestSpark;
import io.sparktrain.kernels.train.Examples;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Seeded data frames for the Spark ML tests, on the test JVM's one Spark context. */
final class MlData {
  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("features", SQLDataTypes.VectorType(), false)
      .add("label", DataTypes.DoubleType, false);

  private MlData() {}

  /** A session on {@link TestSpark}'s context (Kryo with registration required). */
  static SparkSession spark() {
    TestSpark.get();
    return SparkSession.builder().getOrCreate();
  }

  /** {@code examples} as rows {@code (id, features, label)}, in order, over several partitions. */
  static Dataset<Row> frame(Examples examples) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < examples.count(); i++) {
      double[] x = new double[examples.width()];
      for (int f = 0; f < x.length; f++) {
        x[f] = examples.features()[i * examples.width() + f];
      }
      rows.add(RowFactory.create((long) i, Vectors.dense(x), (double) examples.labels()[i]));
    }
    return spark().createDataFrame(rows, SCHEMA);
  }

  /**
   * {@code count} points of 3 well separated Gaussian blobs in 2-D (centers 6 apart, unit spread),
   * labelled by blob, in random order.
   */
  static Examples blobs(int count, long seed) {
    double[][] centers = {{0, 0}, {6, 0}, {3, 6}};
    Random random = new Random(seed);
    float[] x = new float[count * 2];
    float[] y = new float[count];
    for (int i = 0; i < count; i++) {
      int blob = random.nextInt(3);
      x[2 * i] = (float) (centers[blob][0] + random.nextGaussian());
      x[2 * i + 1] = (float) (centers[blob][1] + random.nextGaussian());
      y[i] = blob;
    }
    return new Examples(x, y, count, 2);
  }

  /** {@code count} points {@code y = 2 x0 - 3 x1 + 0.5 + noise(0.1)}, x standard normal. */
  static Examples linear(int count, long seed) {
    Random random = new Random(seed);
    float[] x = new float[count * 2];
    float[] y = new float[count];
    for (int i = 0; i < count; i++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      x[2 * i] = (float) a;
      x[2 * i + 1] = (float) b;
      y[i] = (float) (2 * a - 3 * b + 0.5 + 0.1 * random.nextGaussian());
    }
    return new Examples(x, y, count, 2);
  }
}
