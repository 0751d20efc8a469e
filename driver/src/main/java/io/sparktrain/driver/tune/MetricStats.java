package io.sparktrain.driver.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mean and spread of one metric over the folds of a cross-validation.
 *
 * @param mean the arithmetic mean over folds
 * @param std the sample standard deviation over folds (divisor {@code n - 1}); 0 for one fold
 */
public record MetricStats(double mean, double std) {
  /**
   * The statistics of every metric the folds report, in the first fold's order. NaN in any fold
   * makes that metric's mean and std NaN.
   *
   * @param perFold each fold's metrics, name to value; every fold must report the same names
   * @throws IllegalArgumentException for no folds, or folds that report different metrics
   */
  public static Map<String, MetricStats> summarize(List<Map<String, Double>> perFold) {
    if (perFold.isEmpty()) {
      throw new IllegalArgumentException("no folds to summarize");
    }
    Map<String, MetricStats> stats = new LinkedHashMap<>();
    for (String metric : perFold.get(0).keySet()) {
      List<Double> values = new ArrayList<>();
      for (int fold = 0; fold < perFold.size(); fold++) {
        Double value = perFold.get(fold).get(metric);
        if (value == null) {
          throw new IllegalArgumentException("fold " + fold + " does not report " + metric + " (fold 0 does)");
        }
        values.add(value);
      }
      stats.put(metric, of(values));
    }
    for (int fold = 1; fold < perFold.size(); fold++) {
      if (!perFold.get(fold).keySet().equals(perFold.get(0).keySet())) {
        throw new IllegalArgumentException("fold " + fold + " reports " + perFold.get(fold).keySet()
            + ", fold 0 reports " + perFold.get(0).keySet());
      }
    }
    return Collections.unmodifiableMap(stats);
  }

  /** The mean and sample standard deviation of {@code values} (non-empty). */
  public static MetricStats of(List<Double> values) {
    int n = values.size();
    if (n == 0) {
      throw new IllegalArgumentException("no values");
    }
    double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
    if (n == 1) {
      return new MetricStats(mean, Double.isNaN(mean) ? Double.NaN : 0);
    }
    double squares = values.stream().mapToDouble(value -> (value - mean) * (value - mean)).sum();
    return new MetricStats(mean, Math.sqrt(squares / (n - 1)));
  }
}
