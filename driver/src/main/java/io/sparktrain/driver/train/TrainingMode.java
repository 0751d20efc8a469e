package io.sparktrain.driver.train;

/** How workers' results are combined (YAML {@code training.mode}). */
public enum TrainingMode {
  /** Every step: average the workers' gradients by example count, apply one update. */
  SYNC_GRADIENT,
  /**
   * Local SGD: every worker takes {@code training.averaging-frequency} steps on its own batches
   * with its own updater state, then the parameters (and optionally the updater states) are
   * averaged by example count.
   */
  PARAM_AVERAGING
}
