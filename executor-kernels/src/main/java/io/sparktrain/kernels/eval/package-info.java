/**
 * Evaluation metrics as mergeable sufficient statistics: a confusion matrix for classification
 * and error sums for regression, so a distributed evaluation equals a single-machine one.
 */
package io.sparktrain.kernels.eval;
