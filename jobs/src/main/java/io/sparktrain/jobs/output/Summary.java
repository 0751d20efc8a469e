package io.sparktrain.jobs.output;

import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.kernels.eval.ConfusionMatrix;
import io.sparktrain.kernels.eval.RegressionStats;
import java.util.Map;

/** The metric names of {@code summary.json} and {@code metrics.jsonl}, in one place. */
public final class Summary {
  private Summary() {}

  /**
   * Puts the metrics of {@code evaluation} into {@code target}: accuracy, precision_macro,
   * recall_macro, f1_macro (and confusion_matrix when {@code withMatrix}) for classification;
   * mse, mae, r2 for regression; each name prefixed with {@code prefix}.
   */
  public static void putMetrics(Map<String, Object> target, String prefix, Evaluation evaluation,
      boolean withMatrix) {
    if (evaluation.classification()) {
      ConfusionMatrix matrix = evaluation.confusion();
      target.put(prefix + "accuracy", matrix.accuracy());
      target.put(prefix + "precision_macro", matrix.precisionMacro());
      target.put(prefix + "recall_macro", matrix.recallMacro());
      target.put(prefix + "f1_macro", matrix.f1Macro());
      if (withMatrix) {
        target.put(prefix + "confusion_matrix", matrix.toArray());
      }
    } else {
      RegressionStats stats = evaluation.regression();
      target.put(prefix + "mse", stats.mse());
      target.put(prefix + "mae", stats.mae());
      target.put(prefix + "r2", stats.r2());
    }
  }
}
