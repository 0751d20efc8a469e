package io.sparktrain.kernels.config;

/**
 * Learning-rate schedules (YAML {@code schedule.type}). Every type can start with a linear warmup
 * ({@code schedule.warmup-steps}); {@link ScheduleSpec} lists the hyperparameters each one takes.
 */
public enum ScheduleType {
  /** The base rate at every step. */
  FIXED,
  /** {@code base * decayRate^t}, {@code t} in steps or epochs. */
  EXPONENTIAL,
  /** {@code base * decayRate^floor(t / decayEvery)}, {@code t} in steps or epochs. */
  STEP,
  /** {@code base / (1 + decayRate * t)^power}, {@code t} in steps or epochs. */
  INVERSE_TIME,
  /** From the base rate to the minimum rate over the run, along {@code (1 - progress)^power}. */
  POLYNOMIAL,
  /** From the base rate to the minimum rate over the run, along half a cosine (Loshchilov &amp; Hutter 2017). */
  COSINE
}
