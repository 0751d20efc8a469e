/**
 * Evaluation metrics as mergeable sufficient statistics: a confusion matrix, top-k hit counts and
 * the distinct scores of a binary classifier (for its exact ROC AUC) for classification, and error
 * sums for regression, so a distributed evaluation equals a single-machine one.
 */
package io.sparktrain.kernels.eval;
