package io.sparktrain.kernels.train;

/**
 * The sum of per-example loss gradients over some examples, with the loss sum and the example
 * count, so that partial results from several workers combine exactly by addition and the mean
 * is taken once: {@code g = sum_k n_k g_k / sum_k n_k}.
 *
 * <p>Mutable and not thread-safe: {@link #add} merges in place, which keeps a tree aggregation
 * from allocating a vector per merge.
 */
public final class GradientSum implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private float[] sum;
  private double lossSum;
  private long count;

  /** A sum over no examples. */
  public GradientSum() {}

  /**
   * @param sum summed gradient, one entry per parameter (owned by this object from now on)
   * @param lossSum summed per-example loss
   * @param count number of examples summed
   */
  public GradientSum(float[] sum, double lossSum, long count) {
    this.sum = sum;
    this.lossSum = lossSum;
    this.count = count;
  }

  /** Adds {@code other} into this sum and returns this. {@code other} is left as it was. */
  public GradientSum add(GradientSum other) {
    if (other.count == 0) {
      return this;
    }
    if (count == 0) {
      sum = other.sum.clone();
    } else {
      if (sum.length != other.sum.length) {
        throw new IllegalArgumentException("gradient lengths differ: " + sum.length + " vs " + other.sum.length);
      }
      float[] theirs = other.sum;
      for (int i = 0; i < sum.length; i++) {
        sum[i] += theirs[i];
      }
    }
    lossSum += other.lossSum;
    count += other.count;
    return this;
  }

  /**
   * The sum of {@code a} and {@code b}, reusing the storage of either (both are consumed): the
   * combine step of an aggregation, where partial sums are never used again.
   */
  public static GradientSum combine(GradientSum a, GradientSum b) {
    if (a.count == 0) {
      return b;
    }
    return a.add(b);
  }

  /**
   * The summed gradient, one entry per parameter, or null when no example was summed. Not a copy,
   * so that a transport can send it without one: callers must not modify it.
   */
  public float[] sum() {
    return sum;
  }

  /** The summed per-example loss; 0 when no example was summed. */
  public double lossSum() {
    return lossSum;
  }

  /** Number of examples summed. */
  public long count() {
    return count;
  }

  /** Whether the loss and every gradient entry are finite (no NaN, no infinity). */
  public boolean isFinite() {
    if (!Double.isFinite(lossSum)) {
      return false;
    }
    if (sum != null) {
      for (float g : sum) {
        if (!Float.isFinite(g)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Mean loss per example, NaN when empty. */
  public double meanLoss() {
    return count == 0 ? Double.NaN : lossSum / count;
  }

  /** The mean gradient {@code sum / count} as a new array; fails when empty. */
  public float[] meanGradient() {
    if (count == 0) {
      throw new IllegalStateException("no examples contributed to this gradient");
    }
    float[] mean = new float[sum.length];
    float scale = (float) (1.0 / count);
    for (int i = 0; i < mean.length; i++) {
      mean[i] = sum[i] * scale;
    }
    return mean;
  }
}
