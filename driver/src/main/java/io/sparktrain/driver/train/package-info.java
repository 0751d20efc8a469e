/**
 * The training loop on the driver ({@link io.sparktrain.driver.train.TrainingMaster}) and the
 * executor-side {@link io.sparktrain.driver.train.GradientWorker}.
 */
package io.sparktrain.driver.train;
