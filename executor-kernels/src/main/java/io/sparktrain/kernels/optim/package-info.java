/**
 * Optimizers on flat float buffers ({@link io.sparktrain.kernels.optim.Updater}), learning-rate
 * {@link io.sparktrain.kernels.optim.Schedule}s (built by
 * {@link io.sparktrain.kernels.optim.Schedules} from a {@code ScheduleSpec}), and the
 * {@link io.sparktrain.kernels.optim.OptimizerStep} that combines them with regularization.
 */
package io.sparktrain.kernels.optim;
