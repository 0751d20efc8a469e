/**
 * The training loop on the driver ({@link io.sparktrain.driver.train.TrainingMaster}: synchronous
 * gradient averaging over the {@code driver} transport or over a sharded parameter server hosted
 * by the tasks of one barrier stage per epoch, or local SGD with parameter averaging, built by
 * {@link io.sparktrain.driver.train.TrainingMasters}), the executor-side
 * {@link io.sparktrain.driver.train.GradientWorker} and sharded-ps task, the early-stopping
 * trigger that the epoch loop consults, and the {@link io.sparktrain.driver.train.TrainingState} a
 * run saves through {@link io.sparktrain.driver.train.Checkpointing} and continues from.
 */
package io.sparktrain.driver.train;
