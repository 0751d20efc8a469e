package io.sparktrain.kernels.eval;

import java.util.Arrays;

/**
 * Exact area under the ROC curve of a binary classifier: the probability that a randomly chosen
 * positive example scores higher than a randomly chosen negative one, a tie counting 1/2 (the
 * Mann-Whitney U statistic divided by {@code P * N}; Hanley and McNeil 1982). Class 1 is the
 * positive class and its output is the score.
 *
 * <p>The state is the list of distinct scores seen, ascending, each with its number of positive
 * and negative examples. Partial lists from several workers combine exactly with {@link #add}, a
 * merge of two sorted lists, and the area is summed over the merged list in ascending order, so
 * the result does not depend on how the examples were split or merged: a distributed evaluation
 * equals a single-machine one bit for bit. Scores are compared exactly as floats ({@code -0.0}
 * and {@code 0.0} are the same score).
 *
 * <p>Memory: 20 bytes per distinct score (a 4-byte key and two 8-byte counts), plus 8 bytes per
 * example recorded since the last compaction, a buffer never longer than the distinct list (or
 * 4,096 entries); a compaction or merge briefly holds the old and the new list. A worker with
 * {@code n} examples therefore holds at most about {@code 28 n} bytes, and the driver at most 20
 * bytes per distinct score of the whole data set: 200 MB for 10 million examples that all score
 * differently, far less when outputs saturate and scores repeat. Mutable, not thread-safe.
 */
public final class RocAuc implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MIN_BUFFER = 4096;
  private static final long[] NO_BUFFER = {};
  private int[] keys = {};
  private long[] positives = {};
  private long[] negatives = {};
  private long[] buffer = NO_BUFFER;
  private int buffered;

  /** Records one example: the score of the positive class and whether the example is positive. */
  public void record(float score, boolean positive) {
    if (buffered == buffer.length) {
      int limit = Math.max(MIN_BUFFER, keys.length);
      if (buffered >= limit) {
        compact();
      }
      buffer = Arrays.copyOf(buffer, Math.min(limit, Math.max(64, 2 * buffer.length)));
    }
    buffer[buffered++] = (long) key(score) << 1 | (positive ? 1 : 0);
  }

  /**
   * Records each example of a two-class network: {@code labels.length} labels (1 is positive)
   * and {@code 2 * labels.length} outputs, row-major; the second output of each row is its score.
   */
  public void recordOutputs(float[] labels, float[] outputs) {
    for (int i = 0; i < labels.length; i++) {
      record(outputs[2 * i + 1], labels[i] == 1);
    }
  }

  /** Merges {@code other}'s examples into this and returns this. */
  public RocAuc add(RocAuc other) {
    other.compact();
    compact();
    merge(other.keys, other.positives, other.negatives);
    return this;
  }

  /** The area under the ROC curve, in [0, 1]; NaN unless both classes occur. */
  public double auc() {
    compact();
    double pairs = 0;
    long below = 0;
    long totalPositives = 0;
    for (int i = 0; i < keys.length; i++) {
      pairs += positives[i] * (below + negatives[i] / 2.0);
      below += negatives[i];
      totalPositives += positives[i];
    }
    return pairs / ((double) totalPositives * below);
  }

  /** Number of distinct scores held, the measure of this object's memory. */
  public int distinctScores() {
    compact();
    return keys.length;
  }

  /** Sorts the buffered examples, folds them into the distinct list, and drops the buffer. */
  private void compact() {
    if (buffered > 0) {
      Arrays.sort(buffer, 0, buffered);
      int[] newKeys = new int[buffered];
      long[] newPositives = new long[buffered];
      long[] newNegatives = new long[buffered];
      int distinct = 0;
      for (int i = 0; i < buffered; i++) {
        int key = (int) (buffer[i] >> 1);
        if (distinct == 0 || newKeys[distinct - 1] != key) {
          newKeys[distinct++] = key;
        }
        if ((buffer[i] & 1) == 1) {
          newPositives[distinct - 1]++;
        } else {
          newNegatives[distinct - 1]++;
        }
      }
      merge(Arrays.copyOf(newKeys, distinct), Arrays.copyOf(newPositives, distinct),
          Arrays.copyOf(newNegatives, distinct));
    }
    buffer = NO_BUFFER;
    buffered = 0;
  }

  private void merge(int[] otherKeys, long[] otherPositives, long[] otherNegatives) {
    int capacity = keys.length + otherKeys.length;
    int[] mergedKeys = new int[capacity];
    long[] mergedPositives = new long[capacity];
    long[] mergedNegatives = new long[capacity];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < keys.length || j < otherKeys.length) {
      boolean mine = j == otherKeys.length || (i < keys.length && keys[i] <= otherKeys[j]);
      boolean theirs = i == keys.length || (j < otherKeys.length && otherKeys[j] <= keys[i]);
      mergedKeys[n] = mine ? keys[i] : otherKeys[j];
      if (mine) {
        mergedPositives[n] += positives[i];
        mergedNegatives[n] += negatives[i++];
      }
      if (theirs) {
        mergedPositives[n] += otherPositives[j];
        mergedNegatives[n] += otherNegatives[j++];
      }
      n++;
    }
    keys = Arrays.copyOf(mergedKeys, n);
    positives = Arrays.copyOf(mergedPositives, n);
    negatives = Arrays.copyOf(mergedNegatives, n);
  }

  /** The score's bits as an int whose signed order is the score's order. */
  private static int key(float score) {
    // Adding 0.0f turns -0.0 into 0.0: they are the same score and must tie.
    int bits = Float.floatToIntBits(score + 0.0f);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }
}
