package io.sparktrain.driver.tune;

import java.util.List;
import java.util.Map;

/**
 * Everything the search knows about one trial: its values, status, metrics after every epoch it
 * trained, its score and its time.
 *
 * @param id the trial number, from 0
 * @param values its hyperparameters
 * @param status where it stands
 * @param epochs the metrics after every epoch trained, in order
 * @param score the tuned metric at its last epoch (fold mean with cross-validation), NaN before any or when failed
 * @param failure why it failed, or null
 * @param startMillis when its first segment started (ms since the epoch)
 * @param endMillis when its last segment ended
 * @param seconds the training time of its segments, summed
 */
public record TrialRecord(int id, Map<String, Object> values, TrialStatus status, List<EpochMetrics> epochs,
    double score, String failure, long startMillis, long endMillis, double seconds) {
  /** Copies the list and map. */
  public TrialRecord {
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    epochs = List.copyOf(epochs);
  }

  /** Epochs trained. */
  public int epochsTrained() {
    return epochs.size();
  }
}
