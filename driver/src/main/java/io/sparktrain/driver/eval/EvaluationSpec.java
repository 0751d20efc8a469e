package io.sparktrain.driver.eval;

import io.sparktrain.kernels.config.ConfigException;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;

/**
 * What to measure beyond the loss and the metrics every evaluation has (YAML {@code evaluation}).
 *
 * @param topK the values of k for top-k accuracy, each &gt;= 1, no repeats; stored ascending.
 *     Each must also be below the number of classes, which {@link #requireFits} checks against
 *     the data. Empty for none (always for regression).
 */
public record EvaluationSpec(List<Integer> topK) implements Serializable {
  /** The values of k used when the config does not name any and the data has enough classes. */
  public static final List<Integer> DEFAULT_TOP_K = List.of(1, 5);

  /** Nothing beyond the standard metrics. */
  public static final EvaluationSpec NONE = new EvaluationSpec(List.of());

  /** Validates and sorts the values of k. */
  public EvaluationSpec {
    ConfigException.require(topK != null, "evaluation.top-k must be a list, got nothing");
    for (Integer k : topK) {
      ConfigException.require(k != null && k >= 1, "evaluation.top-k values must be >= 1, got " + k);
    }
    ConfigException.require(new HashSet<>(topK).size() == topK.size(),
        "evaluation.top-k must not repeat a value, got " + topK);
    topK = topK.stream().sorted().toList();
  }

  /** The default for a task: top-1 and top-5 accuracy with 10 or more classes, none otherwise. */
  public static EvaluationSpec defaults(int classes) {
    return classes >= 10 ? new EvaluationSpec(DEFAULT_TOP_K) : NONE;
  }

  /**
   * Checks the values of k against the task: top-k needs classification, and {@code k} below the
   * number of classes (top-{@code classes} accuracy is always 1).
   *
   * @param classes number of classes, 0 for regression
   */
  public void requireFits(int classes) {
    ConfigException.require(classes > 0 || topK.isEmpty(),
        "evaluation.top-k applies to classification only (data.classes is not set), got " + topK);
    for (int k : topK) {
      ConfigException.require(k < classes,
          "evaluation.top-k values must be < data.classes (" + classes + "), got " + k);
    }
  }

  int[] topKArray() {
    return topK.stream().mapToInt(Integer::intValue).toArray();
  }
}
