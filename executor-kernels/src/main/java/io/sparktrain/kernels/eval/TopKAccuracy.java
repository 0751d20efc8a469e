package io.sparktrain.kernels.eval;

import java.util.Arrays;

/**
 * Top-k accuracy for a few values of k: the fraction of examples whose actual class is among the
 * k classes with the highest outputs. The rank of the actual class counts the classes scoring
 * strictly higher plus the equally scoring classes with a lower index, the same tie-break as the
 * arg-max of {@link ConfusionMatrix#recordOutputs}, so top-1 accuracy equals
 * {@link ConfusionMatrix#accuracy}. Hit counts from several workers combine exactly by
 * {@link #add}. Mutable, not thread-safe.
 */
public final class TopKAccuracy implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final int classes;
  private final int[] ks;
  private final long[] hits;
  private long count;

  /**
   * No examples yet.
   *
   * @param classes number of classes, at least 2
   * @param ks the values of k, distinct, each in {@code [1, classes)}; reported in ascending order
   */
  public TopKAccuracy(int classes, int... ks) {
    if (classes < 2) {
      throw new IllegalArgumentException("classification needs at least 2 classes, got " + classes);
    }
    int[] sorted = ks.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] < 1 || sorted[i] >= classes) {
        throw new IllegalArgumentException("top-k needs 1 <= k < classes (" + classes + "), got " + sorted[i]);
      }
      if (i > 0 && sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException("top-k values must be distinct, got " + Arrays.toString(ks));
      }
    }
    this.classes = classes;
    this.ks = sorted;
    this.hits = new long[sorted.length];
  }

  /** Records each example: {@code labels.length} class indices and {@code labels.length * classes} outputs. */
  public void recordOutputs(float[] labels, float[] outputs) {
    for (int i = 0; i < labels.length; i++) {
      int actual = (int) labels[i];
      float score = outputs[i * classes + actual];
      int rank = 0;
      for (int c = 0; c < classes; c++) {
        float other = outputs[i * classes + c];
        if (other > score || (other == score && c < actual)) {
          rank++;
        }
      }
      for (int j = 0; j < ks.length; j++) {
        if (rank < ks[j]) {
          hits[j]++;
        }
      }
      count++;
    }
  }

  /** Adds {@code other}'s counts into this and returns this; both must have the same classes and k. */
  public TopKAccuracy add(TopKAccuracy other) {
    if (other.classes != classes || !Arrays.equals(other.ks, ks)) {
      throw new IllegalArgumentException("top-k settings differ: " + classes + " classes, k " + Arrays.toString(ks)
          + " vs " + other.classes + " classes, k " + Arrays.toString(other.ks));
    }
    for (int j = 0; j < ks.length; j++) {
      hits[j] += other.hits[j];
    }
    count += other.count;
    return this;
  }

  /** The values of k, ascending (a copy). */
  public int[] ks() {
    return ks.clone();
  }

  /** Number of examples recorded. */
  public long count() {
    return count;
  }

  /** Fraction of examples whose actual class ranks within the top {@code k}; NaN when empty. */
  public double accuracy(int k) {
    int j = Arrays.binarySearch(ks, k);
    if (j < 0) {
      throw new IllegalArgumentException("top-" + k + " accuracy was not recorded; k is one of " + Arrays.toString(ks));
    }
    return (double) hits[j] / count;
  }
}
