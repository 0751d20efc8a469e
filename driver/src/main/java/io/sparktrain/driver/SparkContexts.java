package io.sparktrain.driver;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Creates Spark contexts configured the way SparkTrain needs them (Kryo with our classes). */
public final class SparkContexts {
  private SparkContexts() {}

  /**
   * The configuration SparkTrain runs with: Kryo with {@link SparkTrainKryoRegistrator}, and the
   * master from {@code spec} unless {@code spark-submit} already set one. Two defaults suit the
   * per-step parameter and gradient vectors, unless the user set them: Kryo's unsafe I/O (bulk
   * copies of float arrays instead of one write per element) and uncompressed broadcasts (float
   * parameters do not compress, and LZ4 would run on every step).
   *
   * @param appName the application name shown in Spark's UI and logs
   */
  public static SparkConf conf(SparkSpec spec, String appName) {
    SparkConf conf = new SparkConf().setAppName(appName)
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrator", SparkTrainKryoRegistrator.class.getName())
        .setIfMissing("spark.kryo.unsafe", "true")
        .setIfMissing("spark.broadcast.compress", "false");
    if (!conf.contains("spark.master")) {
      conf.setMaster(spec.master() == null ? "local[*]" : spec.master());
    }
    return conf;
  }

  /** Starts a context with {@link #conf}. */
  public static JavaSparkContext start(SparkSpec spec, String appName) {
    return new JavaSparkContext(conf(spec, appName));
  }

  /** ND4J threads each worker task may use: Spark's cores per task ({@code spark.task.cpus}). */
  public static int nativeThreadsPerWorker(JavaSparkContext spark) {
    return spark.getConf().getInt("spark.task.cpus", 1);
  }
}
