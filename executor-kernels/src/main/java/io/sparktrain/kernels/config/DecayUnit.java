package io.sparktrain.kernels.config;

/** What the clock of a decaying schedule counts (YAML {@code schedule.decay-unit}). */
public enum DecayUnit {
  /** Optimizer steps; after a warmup, counted from the end of the warmup. */
  STEP,
  /** Epochs, counted from the start of training (a warmup does not shift them). */
  EPOCH;

  /**
   * The clock's value at a step.
   *
   * @param step zero-based step, counted from the end of the warmup if there is one
   * @param epoch zero-based epoch
   */
  public long count(long step, int epoch) {
    return this == EPOCH ? epoch : step;
  }
}
