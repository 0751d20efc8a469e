package io.sparktrain.driver.tune;

/** Where a trial of a {@link TrialScheduler} stands. */
public enum TrialStatus {
  /** Handed out by {@link TrialScheduler#next}, its score not yet reported. */
  RUNNING,
  /** Reached a rung below the last and waits to be promoted (or stopped). */
  PAUSED,
  /** Stopped early by successive halving: never promoted from its last rung. */
  STOPPED,
  /** Trained to the last rung ({@code max-epochs}, or {@code training.epochs} without ASHA). */
  COMPLETED,
  /** Reported NaN: the trial failed or diverged; never promoted. */
  FAILED
}
