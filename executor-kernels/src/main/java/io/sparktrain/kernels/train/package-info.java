/**
 * Training data in memory ({@link io.sparktrain.kernels.train.Examples},
 * {@link io.sparktrain.kernels.train.Batch}), summed gradients that combine exactly across
 * workers, seed derivation, and the single-machine {@link io.sparktrain.kernels.train.ReferenceTrainer}.
 */
package io.sparktrain.kernels.train;
