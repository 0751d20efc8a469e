package io.sparktrain.kernels.eval;

/**
 * Sufficient statistics for regression metrics over single-target predictions; partial
 * statistics combine exactly by {@link #add}. Mutable, not thread-safe.
 */
public final class RegressionStats implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private long count;
  private double squaredError;
  private double absoluteError;
  private double targetSum;
  private double targetSquaredSum;

  /** Records each (target, prediction) pair. */
  public void record(float[] targets, float[] predictions) {
    for (int i = 0; i < targets.length; i++) {
      double y = targets[i];
      double error = predictions[i] - y;
      count++;
      squaredError += error * error;
      absoluteError += Math.abs(error);
      targetSum += y;
      targetSquaredSum += y * y;
    }
  }

  /** Adds {@code other} into this and returns this. */
  public RegressionStats add(RegressionStats other) {
    count += other.count;
    squaredError += other.squaredError;
    absoluteError += other.absoluteError;
    targetSum += other.targetSum;
    targetSquaredSum += other.targetSquaredSum;
    return this;
  }

  /** Number of predictions recorded. */
  public long count() {
    return count;
  }

  /** Mean squared error. */
  public double mse() {
    return squaredError / count;
  }

  /** Mean absolute error. */
  public double mae() {
    return absoluteError / count;
  }

  /** Coefficient of determination, {@code 1 - SSE / SST}; NaN when the targets are constant. */
  public double r2() {
    double totalVariation = targetSquaredSum - targetSum * targetSum / count;
    return totalVariation <= 0 ? Double.NaN : 1 - squaredError / totalVariation;
  }
}
