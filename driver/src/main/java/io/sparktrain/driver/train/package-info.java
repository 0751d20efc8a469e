/**
 * The training loop on the driver ({@link io.sparktrain.driver.train.TrainingMaster}: synchronous
 * gradient averaging or local SGD with parameter averaging, built by
 * {@link io.sparktrain.driver.train.TrainingMasters}) and the executor-side
 * {@link io.sparktrain.driver.train.GradientWorker}.
 */
package io.sparktrain.driver.train;
