package io.sparktrain.kernels.eval;

import java.util.Arrays;

/**
 * Counts of (actual class, predicted class) pairs, and the classification metrics derived from
 * them. Partial matrices from several workers combine exactly by {@link #add}. Mutable, not
 * thread-safe.
 */
public final class ConfusionMatrix implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final long[] counts;
  private final int classes;

  /** An empty matrix for {@code classes} classes. */
  public ConfusionMatrix(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("classification needs at least 2 classes, got " + classes);
    }
    this.classes = classes;
    this.counts = new long[classes * classes];
  }

  /** Records one prediction. */
  public void record(int actual, int predicted) {
    counts[actual * classes + predicted]++;
  }

  /** Records the arg-max of each row of {@code outputs} ({@code labels.length * classes} values). */
  public void recordOutputs(float[] labels, float[] outputs) {
    for (int i = 0; i < labels.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (outputs[i * classes + c] > outputs[i * classes + best]) {
          best = c;
        }
      }
      record((int) labels[i], best);
    }
  }

  /** Adds {@code other}'s counts into this matrix and returns this. */
  public ConfusionMatrix add(ConfusionMatrix other) {
    if (other.classes != classes) {
      throw new IllegalArgumentException("class counts differ: " + classes + " vs " + other.classes);
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    return this;
  }

  /** Number of classes. */
  public int classes() {
    return classes;
  }

  /** Count of examples of class {@code actual} predicted as {@code predicted}. */
  public long count(int actual, int predicted) {
    return counts[actual * classes + predicted];
  }

  /** Rows are actual classes, columns predicted classes. */
  public long[][] toArray() {
    long[][] rows = new long[classes][];
    for (int a = 0; a < classes; a++) {
      rows[a] = Arrays.copyOfRange(counts, a * classes, (a + 1) * classes);
    }
    return rows;
  }

  /** Number of examples recorded. */
  public long total() {
    return Arrays.stream(counts).sum();
  }

  /** Fraction predicted correctly; NaN when empty. */
  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < classes; c++) {
      correct += count(c, c);
    }
    return (double) correct / total();
  }

  /** Precision of one class: TP / (TP + FP); 0 when the class was never predicted. */
  public double precision(int c) {
    long predicted = 0;
    for (int a = 0; a < classes; a++) {
      predicted += count(a, c);
    }
    return predicted == 0 ? 0 : (double) count(c, c) / predicted;
  }

  /** Recall of one class: TP / (TP + FN); 0 when the class never occurs. */
  public double recall(int c) {
    long actual = support(c);
    return actual == 0 ? 0 : (double) count(c, c) / actual;
  }

  /** Number of examples whose actual class is {@code c}. */
  public long support(int c) {
    long actual = 0;
    for (int p = 0; p < classes; p++) {
      actual += count(c, p);
    }
    return actual;
  }

  /** F1 of one class: the harmonic mean of its precision and recall; 0 when both are 0. */
  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Unweighted mean of the per-class precisions. */
  public double precisionMacro() {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += precision(c);
    }
    return sum / classes;
  }

  /** Unweighted mean of the per-class recalls. */
  public double recallMacro() {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += recall(c);
    }
    return sum / classes;
  }

  /**
   * Micro-averaged precision: the true positives of all classes over all their positive
   * predictions, {@code sum TP / sum (TP + FP)}. Every example is predicted as exactly one class,
   * so for single-label classification this equals {@link #accuracy}. NaN when empty.
   */
  public double precisionMicro() {
    long truePositives = 0;
    long falsePositives = 0;
    for (int c = 0; c < classes; c++) {
      truePositives += count(c, c);
      for (int a = 0; a < classes; a++) {
        falsePositives += a == c ? 0 : count(a, c);
      }
    }
    return (double) truePositives / (truePositives + falsePositives);
  }

  /**
   * Micro-averaged recall, {@code sum TP / sum (TP + FN)}. Every example has exactly one actual
   * class, so for single-label classification this equals {@link #accuracy}. NaN when empty.
   */
  public double recallMicro() {
    long truePositives = 0;
    long falseNegatives = 0;
    for (int c = 0; c < classes; c++) {
      truePositives += count(c, c);
      falseNegatives += support(c) - count(c, c);
    }
    return (double) truePositives / (truePositives + falseNegatives);
  }

  /**
   * Micro-averaged F1: the harmonic mean of {@link #precisionMicro} and {@link #recallMicro}; for
   * single-label classification both equal {@link #accuracy}, and so does this. 0 when both are 0.
   */
  public double f1Micro() {
    double p = precisionMicro();
    double r = recallMicro();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Unweighted mean of the per-class F1 scores. */
  public double f1Macro() {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += f1(c);
    }
    return sum / classes;
  }
}
