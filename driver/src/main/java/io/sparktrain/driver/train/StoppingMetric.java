package io.sparktrain.driver.train;

import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.kernels.config.ConfigException;
import java.util.Locale;

/**
 * The validation metric that early stopping watches (YAML {@code training.early-stopping.metric}).
 * Losses and errors are minimized, the others maximized.
 */
public enum StoppingMetric {
  /** Mean loss per example; any task. */
  LOSS(Task.ANY, true),
  /** Fraction of examples classified correctly. */
  ACCURACY(Task.CLASSIFICATION, false),
  /** Unweighted mean of the per-class precisions. */
  PRECISION_MACRO(Task.CLASSIFICATION, false),
  /** Unweighted mean of the per-class recalls. */
  RECALL_MACRO(Task.CLASSIFICATION, false),
  /** Unweighted mean of the per-class F1 scores. */
  F1_MACRO(Task.CLASSIFICATION, false),
  /** Area under the ROC curve of class 1; two classes only. */
  ROC_AUC(Task.TWO_CLASSES, false),
  /** Mean squared error; regression. */
  MSE(Task.REGRESSION, true),
  /** Mean absolute error; regression. */
  MAE(Task.REGRESSION, true),
  /** Coefficient of determination; regression. */
  R2(Task.REGRESSION, false);

  private enum Task { ANY, CLASSIFICATION, TWO_CLASSES, REGRESSION }

  private final Task task;
  private final boolean minimized;

  StoppingMetric(Task task, boolean minimized) {
    this.task = task;
    this.minimized = minimized;
  }

  /** Whether lower values are better (losses and errors). */
  public boolean minimized() {
    return minimized;
  }

  /** This metric of an evaluation made for a task the metric {@link #requireFits fits}. */
  public double of(Evaluation evaluation) {
    return switch (this) {
      case LOSS -> evaluation.loss();
      case ACCURACY -> evaluation.confusion().accuracy();
      case PRECISION_MACRO -> evaluation.confusion().precisionMacro();
      case RECALL_MACRO -> evaluation.confusion().recallMacro();
      case F1_MACRO -> evaluation.confusion().f1Macro();
      case ROC_AUC -> evaluation.rocAuc().orElseThrow().auc();
      case MSE -> evaluation.regression().mse();
      case MAE -> evaluation.regression().mae();
      case R2 -> evaluation.regression().r2();
    };
  }

  /**
   * Checks that the task has this metric.
   *
   * @param classes number of classes, 0 for regression
   * @throws ConfigException naming the key, the metric and the task
   */
  public void requireFits(int classes) {
    boolean fits = switch (task) {
      case ANY -> true;
      case CLASSIFICATION -> classes > 0;
      case TWO_CLASSES -> classes == 2;
      case REGRESSION -> classes == 0;
    };
    ConfigException.require(fits, "training.early-stopping.metric " + yamlName() + " does not apply to "
        + (classes == 0 ? "regression (data.classes is not set)" : "classification with " + classes + " classes")
        + "; it applies to " + switch (task) {
          case ANY -> "any task";
          case CLASSIFICATION -> "classification";
          case TWO_CLASSES -> "two-class classification";
          case REGRESSION -> "regression";
        });
  }

  /** The name as written in YAML: {@code f1-macro} for {@code F1_MACRO}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
