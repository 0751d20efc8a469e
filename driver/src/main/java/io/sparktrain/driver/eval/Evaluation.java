package io.sparktrain.driver.eval;

import io.sparktrain.kernels.eval.ConfusionMatrix;
import io.sparktrain.kernels.eval.RegressionStats;
import java.io.Serializable;

/**
 * The loss and metrics of a model on a data set. Partial evaluations of disjoint examples (one
 * per worker) merge exactly with {@link #add}, so a distributed evaluation equals a
 * single-machine one. Mutable while being merged; treat a finished one as read-only.
 */
public final class Evaluation implements Serializable {
  private static final long serialVersionUID = 1L;
  private long count;
  private double lossSum;
  private final ConfusionMatrix confusion;
  private final RegressionStats regression;

  /** An empty evaluation: a confusion matrix for {@code classes} classes, or regression for 0. */
  public Evaluation(int classes) {
    this.confusion = classes > 0 ? new ConfusionMatrix(classes) : null;
    this.regression = classes > 0 ? null : new RegressionStats();
  }

  /** Records a batch: its labels, the network's outputs, and the summed loss. */
  public void record(float[] labels, float[] outputs, double batchLossSum) {
    count += labels.length;
    lossSum += batchLossSum;
    if (confusion != null) {
      confusion.recordOutputs(labels, outputs);
    } else {
      regression.record(labels, outputs);
    }
  }

  /** Merges {@code other} into this and returns this. */
  public Evaluation add(Evaluation other) {
    count += other.count;
    lossSum += other.lossSum;
    if (confusion != null) {
      confusion.add(other.confusion);
    } else {
      regression.add(other.regression);
    }
    return this;
  }

  /** Number of examples evaluated. */
  public long count() {
    return count;
  }

  /** Mean loss per example. */
  public double loss() {
    return lossSum / count;
  }

  /** Whether this is a classification evaluation. */
  public boolean classification() {
    return confusion != null;
  }

  /** The confusion matrix; only for classification. */
  public ConfusionMatrix confusion() {
    if (confusion == null) {
      throw new IllegalStateException("a regression evaluation has no confusion matrix");
    }
    return confusion;
  }

  /** The regression statistics; only for regression. */
  public RegressionStats regression() {
    if (regression == null) {
      throw new IllegalStateException("a classification evaluation has no regression statistics");
    }
    return regression;
  }
}
