/**
 * Spark ML integration: {@link io.sparktrain.driver.ml.SparkTrainClassifier} and
 * {@link io.sparktrain.driver.ml.SparkTrainRegressor} are Spark ML {@code Estimator}s (usable in a
 * {@code Pipeline}, a {@code CrossValidator} with a {@code ParamGridBuilder}, and with Spark's
 * evaluators) whose {@code fit} builds the same {@link io.sparktrain.kernels.config.TrainingRecipe}
 * and {@link io.sparktrain.driver.train.TrainingSpec} a YAML job builds, turns the DataFrame into
 * the cached per-worker shards of the determinism contract, and trains with
 * {@link io.sparktrain.driver.train.TrainingMasters}: the project's own trainer, not a second one.
 * Their models predict on the executors with the flat parameters broadcast, and save the
 * parameters as a binary file beside Spark's metadata through the Hadoop {@code FileSystem}.
 */
package io.sparktrain.driver.ml;
