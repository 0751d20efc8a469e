/**
 * The training loop on the driver ({@link io.sparktrain.driver.train.TrainingMaster}), the
 * executor-side {@link io.sparktrain.driver.train.GradientWorker}, and the early-stopping trigger
 * that the epoch loop consults.
 */
package io.sparktrain.driver.train;
