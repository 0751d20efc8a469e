package io.sparktrain.jobs.bench;

import io.sparktrain.driver.SparkContexts;
import io.sparktrain.driver.SparkSpec;
import io.sparktrain.driver.SparkTrainKryoRegistrator;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;

/** Starts the benchmark's local Spark contexts: SparkTrain's configuration, bound to loopback, no UI. */
final class LocalSpark {
  private LocalSpark() {}

  /**
   * A {@link Workload#SPARK_MASTER} context with Kryo and SparkTrain's registrator.
   *
   * @param appName the application name
   * @param moreRegistrators further Kryo registrators, applied after SparkTrain's
   */
  static JavaSparkContext start(String appName, Class<?>... moreRegistrators) {
    String registrators = Stream.concat(Stream.of(SparkTrainKryoRegistrator.class), Arrays.stream(moreRegistrators))
        .map(Class::getName)
        .collect(Collectors.joining(","));
    var conf = SparkContexts.conf(new SparkSpec(Workload.SPARK_MASTER, Workload.WORKERS), appName)
        .set("spark.kryo.registrator", registrators)
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1");
    JavaSparkContext spark = new JavaSparkContext(conf);
    spark.setLogLevel("WARN");
    return spark;
  }
}
