package io.sparktrain.driver.train;

import io.sparktrain.kernels.config.ConfigException;
import java.io.Serializable;

/**
 * When to stop training because the validation metric no longer improves (YAML
 * {@code training.early-stopping}). After every epoch the metric is measured on the validation
 * split; an epoch improves on the best so far when its value is better by more than
 * {@code minDelta} (lower for a minimized metric, higher otherwise). Training stops after
 * {@code patience} epochs in a row without improvement, and the run ends with the parameters of
 * the best epoch.
 *
 * @param metric the validation metric watched
 * @param patience epochs without improvement before stopping, &gt;= 1
 * @param minDelta the least change that counts as an improvement, in the metric's units, &gt;= 0
 */
public record EarlyStoppingSpec(StoppingMetric metric, int patience, double minDelta) implements Serializable {
  /** The default patience, in epochs. */
  public static final int DEFAULT_PATIENCE = 5;

  /** Validates every value. */
  public EarlyStoppingSpec {
    ConfigException.require(metric != null, "training.early-stopping.metric is required");
    ConfigException.require(patience >= 1, "training.early-stopping.patience must be >= 1, got " + patience);
    ConfigException.require(minDelta >= 0 && Double.isFinite(minDelta),
        "training.early-stopping.min-delta must be a finite number >= 0, got " + minDelta);
  }
}
