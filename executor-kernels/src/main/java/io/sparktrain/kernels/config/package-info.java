/**
 * Immutable, validated configuration records for the math that runs on an executor: the model
 * layer list, the optimizer, the learning-rate schedule and regularization. The YAML reader in
 * {@code jobs} and the Java API both build these records, so both go through the same validation.
 */
package io.sparktrain.kernels.config;
