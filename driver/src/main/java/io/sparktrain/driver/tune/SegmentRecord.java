package io.sparktrain.driver.tune;

import java.util.List;
import java.util.Map;

/**
 * One finished segment of one trial: what a wave of the search journals, so that a restarted search
 * ({@code --resume}) replays it instead of training it again.
 *
 * @param trialId the trial
 * @param values the trial's hyperparameters
 * @param fromEpoch epochs trained before the segment
 * @param toEpoch epochs trained after it
 * @param epochs the metrics after each epoch of the segment (fewer when it failed)
 * @param score the tuned metric after {@code toEpoch} (the fold mean with cross-validation), NaN when it failed
 * @param failure why training failed, or null
 * @param startMillis when its first task started, in milliseconds since the epoch
 * @param endMillis when its last task ended
 */
public record SegmentRecord(int trialId, Map<String, Object> values, int fromEpoch, int toEpoch,
    List<EpochMetrics> epochs, double score, String failure, long startMillis, long endMillis) {
  /** Copies the list and map. */
  public SegmentRecord {
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    epochs = List.copyOf(epochs);
  }
}
