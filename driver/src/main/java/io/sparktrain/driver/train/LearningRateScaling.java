package io.sparktrain.driver.train;

/**
 * How the base learning rate grows with the number of workers (YAML {@code training.lr-scaling}).
 * With {@code W} workers each step averages {@code W} times as many examples as one worker's
 * batch; Goyal et al. 2017 multiply the rate by {@code W} to keep the update per example, and
 * pair it with a warmup ({@code schedule.warmup-steps}) because the large rate is unstable early on.
 */
public enum LearningRateScaling {
  /** The rate as configured. */
  NONE,
  /** The rate times {@code W} (Goyal et al. 2017). */
  LINEAR,
  /** The rate times {@code sqrt(W)}, a milder rule for adaptive optimizers such as Adam. */
  SQRT;

  /** The factor on {@code optimizer.learning-rate} with {@code workers} workers, &gt;= 1. */
  public double factor(int workers) {
    return switch (this) {
      case NONE -> 1;
      case LINEAR -> workers;
      case SQRT -> Math.sqrt(workers);
    };
  }
}
