package io.sparktrain.driver.tune;

import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.kernels.eval.ConfusionMatrix;
import io.sparktrain.kernels.eval.RegressionStats;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The metrics of one held-out evaluation under the names of {@code summary.json}: {@code loss}, and for
 * classification {@code accuracy}, {@code precision_macro}, {@code recall_macro}, {@code f1_macro},
 * {@code precision_micro}, {@code recall_micro}, {@code f1_micro}, {@code top_K_accuracy},
 * {@code roc_auc} (two classes); for regression {@code mse}, {@code mae}, {@code r2}; plus
 * {@code train_loss}.
 */
final class TrialMetrics {
  private TrialMetrics() {}

  static Map<String, Double> of(Evaluation evaluation, double trainLoss) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("loss", evaluation.loss());
    if (evaluation.classification()) {
      ConfusionMatrix matrix = evaluation.confusion();
      metrics.put("accuracy", matrix.accuracy());
      metrics.put("precision_macro", matrix.precisionMacro());
      metrics.put("recall_macro", matrix.recallMacro());
      metrics.put("f1_macro", matrix.f1Macro());
      metrics.put("precision_micro", matrix.precisionMicro());
      metrics.put("recall_micro", matrix.recallMicro());
      metrics.put("f1_micro", matrix.f1Micro());
      evaluation.topK().ifPresent(topK -> {
        for (int k : topK.ks()) {
          metrics.put("top_" + k + "_accuracy", topK.accuracy(k));
        }
      });
      evaluation.rocAuc().ifPresent(auc -> metrics.put("roc_auc", auc.auc()));
    } else {
      RegressionStats stats = evaluation.regression();
      metrics.put("mse", stats.mse());
      metrics.put("mae", stats.mae());
      metrics.put("r2", stats.r2());
    }
    metrics.put("train_loss", trainLoss);
    return metrics;
  }

  /**
   * The key of {@code metric} among the names above: the name itself, or without a
   * {@code validation_} or {@code test_} prefix ({@code validation_loss} is {@code loss}: the trial's
   * held-out examples are its validation data).
   */
  static String key(String metric, Map<String, ?> available) {
    String name = metric.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    if (available.containsKey(name)) {
      return name;
    }
    for (String prefix : new String[] {"validation_", "test_"}) {
      if (name.startsWith(prefix) && available.containsKey(name.substring(prefix.length()))) {
        return name.substring(prefix.length());
      }
    }
    return null;
  }
}
