/**
 * The Spark side of SparkTrain: how contexts are configured ({@link io.sparktrain.driver.SparkContexts},
 * Kryo registration) and, in the sub-packages, data loading, the training loop and evaluation.
 */
package io.sparktrain.driver;
