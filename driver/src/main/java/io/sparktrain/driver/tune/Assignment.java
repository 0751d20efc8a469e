package io.sparktrain.driver.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One piece of work handed out by a {@link TrialScheduler}: train trial {@code trialId}, with
 * {@code values} applied to the job, through epochs {@code fromEpoch + 1 .. toEpoch}, continuing
 * from the state it had after {@code fromEpoch} (0: a new trial, trained from scratch), then
 * {@link TrialScheduler#report report} its metric after epoch {@code toEpoch}.
 *
 * @param trialId the trial's number, from 0
 * @param values its hyperparameters, key to value, in the space's order
 * @param fromEpoch epochs already trained, {@code >= 0}
 * @param toEpoch the epoch to train to, {@code > fromEpoch}
 */
public record Assignment(int trialId, Map<String, Object> values, int fromEpoch, int toEpoch) {
  /** Copies the values, keeping their order, and checks the epochs. */
  public Assignment {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    if (trialId < 0 || fromEpoch < 0 || toEpoch <= fromEpoch) {
      throw new IllegalArgumentException("assignment of trial " + trialId + " from epoch " + fromEpoch + " to "
          + toEpoch);
    }
  }

  /** Whether this starts a new trial rather than continuing a paused one. */
  public boolean isNew() {
    return fromEpoch == 0;
  }
}
