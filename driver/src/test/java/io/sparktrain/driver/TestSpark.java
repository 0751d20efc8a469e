package io.sparktrain.driver;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * One local Spark context for the whole test JVM (Spark allows one at a time), with Kryo
 * registration required so that an unregistered class fails the test.
 */
public final class TestSpark {
  private static JavaSparkContext context;

  private TestSpark() {}

  /** The shared context, started on first use with 4 task slots. */
  public static synchronized JavaSparkContext get() {
    if (context == null) {
      var conf = SparkContexts.conf(new SparkSpec("local[4]", 4), "sparktrain-tests")
          .set("spark.kryo.registrationRequired", "true")
          .set("spark.ui.enabled", "false")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1");
      context = new JavaSparkContext(conf);
      context.setLogLevel("WARN");
    }
    return context;
  }
}
