/**
 * The training loop on the driver ({@link io.sparktrain.driver.train.TrainingMaster}: synchronous
 * gradient averaging over the {@code driver} transport or over a sharded parameter server hosted
 * by the tasks of one barrier stage per epoch, or local SGD with parameter averaging, built by
 * {@link io.sparktrain.driver.train.TrainingMasters}), the executor-side
 * {@link io.sparktrain.driver.train.GradientWorker} and sharded-ps task, and the early-stopping
 * trigger that the epoch loop consults.
 */
package io.sparktrain.driver.train;
