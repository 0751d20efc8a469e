package io.sparktrain.driver.tune;

import java.util.List;
import java.util.Map;

/**
 * A trial's metrics after one epoch: on the held-out examples ({@code loss}, {@code accuracy},
 * {@code f1_macro}, ... or {@code mse}, {@code mae}, {@code r2}) and {@code train_loss}, the epoch's
 * mean training loss. With cross-validation each is the mean and standard deviation over the folds,
 * and {@link #folds} holds each fold's values; without it the standard deviation is 0 and there is
 * one "fold".
 *
 * @param epoch the one-based epoch
 * @param metrics metric name to mean and standard deviation, in a fixed order
 * @param folds each fold's metrics, in fold order
 */
public record EpochMetrics(int epoch, Map<String, MetricStats> metrics, List<Map<String, Double>> folds) {
  /** Copies the lists and maps. */
  public EpochMetrics {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    folds = List.copyOf(folds);
  }
}
