package io.sparktrain.jobs.output;

import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.kernels.eval.ConfusionMatrix;
import io.sparktrain.kernels.eval.RegressionStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The metric names of {@code summary.json} and {@code metrics.jsonl}, in one place. */
public final class Summary {
  private Summary() {}

  /**
   * Puts the metrics of {@code evaluation} into {@code target}, each name prefixed with
   * {@code prefix}. Classification: accuracy, precision_macro, recall_macro, f1_macro,
   * precision_micro, recall_micro, f1_micro, top_K_accuracy for each configured k, roc_auc for
   * two classes, and when {@code detailed} also confusion_matrix (rows: actual class) and
   * per_class (a list of {class, precision, recall, f1, support}). Regression: mse, mae, r2.
   */
  public static void putMetrics(Map<String, Object> target, String prefix, Evaluation evaluation,
      boolean detailed) {
    if (evaluation.classification()) {
      ConfusionMatrix matrix = evaluation.confusion();
      target.put(prefix + "accuracy", matrix.accuracy());
      target.put(prefix + "precision_macro", matrix.precisionMacro());
      target.put(prefix + "recall_macro", matrix.recallMacro());
      target.put(prefix + "f1_macro", matrix.f1Macro());
      target.put(prefix + "precision_micro", matrix.precisionMicro());
      target.put(prefix + "recall_micro", matrix.recallMicro());
      target.put(prefix + "f1_micro", matrix.f1Micro());
      evaluation.topK().ifPresent(topK -> {
        for (int k : topK.ks()) {
          target.put(prefix + "top_" + k + "_accuracy", topK.accuracy(k));
        }
      });
      evaluation.rocAuc().ifPresent(auc -> target.put(prefix + "roc_auc", auc.auc()));
      if (detailed) {
        target.put(prefix + "confusion_matrix", matrix.toArray());
        target.put(prefix + "per_class", perClass(matrix));
      }
    } else {
      RegressionStats stats = evaluation.regression();
      target.put(prefix + "mse", stats.mse());
      target.put(prefix + "mae", stats.mae());
      target.put(prefix + "r2", stats.r2());
    }
  }

  private static List<Map<String, Object>> perClass(ConfusionMatrix matrix) {
    List<Map<String, Object>> classes = new ArrayList<>();
    for (int c = 0; c < matrix.classes(); c++) {
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("class", c);
      metrics.put("precision", matrix.precision(c));
      metrics.put("recall", matrix.recall(c));
      metrics.put("f1", matrix.f1(c));
      metrics.put("support", matrix.support(c));
      classes.add(metrics);
    }
    return classes;
  }
}
