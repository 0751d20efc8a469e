package io.sparktrain.driver.ml;

import com.esotericsoftware.kryo.Kryo;
import java.util.List;

/**
 * The Spark ML classes that Spark's evaluators ({@code RegressionEvaluator}: the summarizer's
 * buffer and its metric objects) ship between JVMs when they score a SparkTrain
 * model, registered with Kryo so that {@code spark.kryo.registrationRequired=true} still works
 * with them. Spark ML is {@code provided}: without it on the classpath nothing is registered.
 */
public final class SparkMlKryoClasses {
  private static final List<String> CLASSES = List.of(
      "org.apache.spark.ml.stat.SummarizerBuffer",
      "org.apache.spark.mllib.stat.MultivariateOnlineSummarizer",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Sum$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Count$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Variance$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Mean$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Max$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Min$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Std$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$NormL1$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$NormL2$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$NumNonZeros$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeL1$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeMax$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeMin$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeNNZ$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeM2n$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeM2$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeWeightSum$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeMean$");

  private SparkMlKryoClasses() {}

  /** Registers the classes that are on the classpath. */
  public static void register(Kryo kryo) {
    ClassLoader loader = SparkMlKryoClasses.class.getClassLoader();
    for (String name : CLASSES) {
      try {
        kryo.register(Class.forName(name, false, loader));
      } catch (ClassNotFoundException absent) {
        continue;
      }
    }
  }
}
