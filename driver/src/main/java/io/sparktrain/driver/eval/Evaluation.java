package io.sparktrain.driver.eval;

import io.sparktrain.kernels.eval.ConfusionMatrix;
import io.sparktrain.kernels.eval.RegressionStats;
import io.sparktrain.kernels.eval.RocAuc;
import io.sparktrain.kernels.eval.TopKAccuracy;
import java.io.Serializable;
import java.util.Optional;

/**
 * The loss and metrics of a model on a data set: for classification a confusion matrix, top-k
 * accuracy for the configured k, and for two classes the exact ROC AUC; for regression the error
 * sums. Partial evaluations of disjoint examples (one per worker) merge exactly with {@link #add},
 * so a distributed evaluation equals a single-machine one. Mutable while being merged; treat a
 * finished one as read-only.
 */
public final class Evaluation implements Serializable {
  private static final long serialVersionUID = 1L;
  private long count;
  private double lossSum;
  private final ConfusionMatrix confusion;
  private final RegressionStats regression;
  private final TopKAccuracy topK;
  private final RocAuc rocAuc;

  /**
   * An empty evaluation.
   *
   * @param classes number of classes, or 0 for regression
   * @param spec the optional metrics; its top-k values must fit {@code classes}
   */
  public Evaluation(int classes, EvaluationSpec spec) {
    spec.requireFits(classes);
    this.confusion = classes > 0 ? new ConfusionMatrix(classes) : null;
    this.regression = classes > 0 ? null : new RegressionStats();
    this.topK = spec.topK().isEmpty() ? null : new TopKAccuracy(classes, spec.topKArray());
    this.rocAuc = classes == 2 ? new RocAuc() : null;
  }

  /** Records a batch: its labels, the network's outputs (row-major), and the summed loss. */
  public void record(float[] labels, float[] outputs, double batchLossSum) {
    count += labels.length;
    lossSum += batchLossSum;
    if (confusion != null) {
      confusion.recordOutputs(labels, outputs);
    } else {
      regression.record(labels, outputs);
    }
    if (topK != null) {
      topK.recordOutputs(labels, outputs);
    }
    if (rocAuc != null) {
      rocAuc.recordOutputs(labels, outputs);
    }
  }

  /** Merges {@code other} (made with the same classes and spec) into this and returns this. */
  public Evaluation add(Evaluation other) {
    count += other.count;
    lossSum += other.lossSum;
    if (confusion != null) {
      confusion.add(other.confusion);
    } else {
      regression.add(other.regression);
    }
    if (topK != null) {
      topK.add(other.topK);
    }
    if (rocAuc != null) {
      rocAuc.add(other.rocAuc);
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

  /** Top-k accuracy, when the spec named any k. */
  public Optional<TopKAccuracy> topK() {
    return Optional.ofNullable(topK);
  }

  /** The ROC AUC statistics, for two-class classification only. */
  public Optional<RocAuc> rocAuc() {
    return Optional.ofNullable(rocAuc);
  }
}
