package io.sparktrain.driver.tune;

import io.sparktrain.kernels.config.ConfigException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a search looks for the highest or the lowest value of its metric (YAML
 * {@code tune.goal: max | min}, inferred from the metric's name when absent). A NaN score (a
 * failed trial) is worse than any number under either goal.
 */
public enum Goal {
  /** Higher is better: accuracy, F1, AUC, R^2, throughput. */
  MAXIMIZE,
  /** Lower is better: losses, errors, time. */
  MINIMIZE;

  private static final Set<String> LOWER_IS_BETTER = Set.of("loss", "error", "mse", "rmse", "mae", "mape",
      "seconds", "perplexity");
  private static final Set<String> HIGHER_IS_BETTER = Set.of("accuracy", "precision", "recall", "f1", "auc",
      "r2", "second");

  /**
   * The goal of a {@code summary.json} metric, judged by the words of its snake_case name, last
   * word first (any {@code validation_}, {@code test_} or {@code train_} prefix is just another
   * word): {@code loss}, {@code error}, {@code mse}, {@code rmse}, {@code mae}, {@code mape},
   * {@code seconds}, {@code perplexity} mean {@link #MINIMIZE} ({@code train_loss},
   * {@code validation_mse}); {@code accuracy}, {@code precision}, {@code recall}, {@code f1},
   * {@code auc}, {@code r2} and {@code samples_per_second} mean {@link #MAXIMIZE}
   * ({@code f1_macro}, {@code top_5_accuracy}, {@code roc_auc}).
   *
   * @throws ConfigException naming {@code tune.goal} when no word of the name is known
   */
  public static Goal inferredFor(String metric) {
    ConfigException.require(metric != null && !metric.isBlank(), "tune.metric is required");
    List<String> words = List.of(metric.trim().toLowerCase(Locale.ROOT).replace('-', '_').split("_"));
    for (int i = words.size() - 1; i >= 0; i--) {
      String word = words.get(i);
      if (LOWER_IS_BETTER.contains(word)) {
        return MINIMIZE;
      }
      if (HIGHER_IS_BETTER.contains(word)) {
        return MAXIMIZE;
      }
    }
    throw new ConfigException("tune.goal cannot be inferred for tune.metric '" + metric
        + "': set tune.goal: max or tune.goal: min");
  }

  /** Whether score {@code a} is strictly better than {@code b}; NaN is never better, and worse than any number. */
  public boolean better(double a, double b) {
    if (Double.isNaN(a)) {
      return false;
    }
    if (Double.isNaN(b)) {
      return true;
    }
    return this == MAXIMIZE ? a > b : a < b;
  }

  /** Orders scores best first, NaN last. */
  public Comparator<Double> bestFirst() {
    return (a, b) -> better(a, b) ? -1 : better(b, a) ? 1 : 0;
  }
}
