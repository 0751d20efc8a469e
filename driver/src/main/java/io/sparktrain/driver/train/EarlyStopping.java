package io.sparktrain.driver.train;

/**
 * The early-stopping trigger of one run: a training master calls {@link #observe} once after every
 * epoch with the epoch's validation metric, keeps the epoch's parameters when it is the best so
 * far, and stops when {@link #shouldStop} says so. The first epoch is always the best so far; a
 * NaN value never improves on a number. Not thread-safe; one per run.
 */
final class EarlyStopping {
  private final EarlyStoppingSpec spec;
  private int bestEpoch;
  private double best;
  private int epochsWithoutImprovement;

  EarlyStopping(EarlyStoppingSpec spec) {
    this(spec, -1, Double.NaN, 0);
  }

  /** A trigger that has already seen epochs up to a checkpoint: its best epoch and value, and the epochs since. */
  EarlyStopping(EarlyStoppingSpec spec, int bestEpoch, double best, int epochsWithoutImprovement) {
    this.spec = spec;
    this.bestEpoch = bestEpoch;
    this.best = best;
    this.epochsWithoutImprovement = epochsWithoutImprovement;
  }

  /**
   * Records {@code value}, the metric after {@code epoch} (zero-based, increasing).
   *
   * @return whether this epoch is the new best
   */
  boolean observe(int epoch, double value) {
    if (bestEpoch >= 0 && !improves(value)) {
      epochsWithoutImprovement++;
      return false;
    }
    bestEpoch = epoch;
    best = value;
    epochsWithoutImprovement = 0;
    return true;
  }

  /** Whether {@code patience} epochs in a row have passed without improvement. */
  boolean shouldStop() {
    return epochsWithoutImprovement >= spec.patience();
  }

  /** The metric of the best epoch so far (NaN before the first). */
  double best() {
    return best;
  }

  /** Epochs observed since the best one. */
  int epochsWithoutImprovement() {
    return epochsWithoutImprovement;
  }

  /** The zero-based best epoch so far, -1 before the first. */
  int bestEpoch() {
    return bestEpoch;
  }

  private boolean improves(double value) {
    if (Double.isNaN(value)) {
      return false;
    }
    if (Double.isNaN(best)) {
      return true;
    }
    return spec.metric().minimized() ? value < best - spec.minDelta() : value > best + spec.minDelta();
  }
}
