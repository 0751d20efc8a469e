package io.sparktrain.driver.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a search learned from one trial: its values and its score (the metric at the trial's last
 * reported epoch, which under ASHA is a rung's epoch). A failed trial scores NaN.
 *
 * @param trialId the trial's number, from 0
 * @param values its hyperparameters, key to value, in the space's order
 * @param score the metric, or NaN for a failed trial
 */
public record TrialResult(int trialId, Map<String, Object> values, double score) {
  /** Copies the values, keeping their order. */
  public TrialResult {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
