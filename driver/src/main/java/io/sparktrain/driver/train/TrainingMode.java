package io.sparktrain.driver.train;

/** How workers' results are combined (YAML {@code training.mode}). */
public enum TrainingMode {
  /** Every step: average the workers' gradients by example count, apply one update. */
  SYNC_GRADIENT
}
