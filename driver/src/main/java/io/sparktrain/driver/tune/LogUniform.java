package io.sparktrain.driver.tune;

import io.sparktrain.kernels.config.ConfigException;
import java.util.SplittableRandom;

/**
 * A positive real hyperparameter whose logarithm is uniform on {@code [log low, log high]} (YAML
 * {@code {log-uniform: [1.0e-4, 1.0e-1]}}), the usual prior for learning rates and penalties;
 * its values are {@link Double}s.
 *
 * @param key the job config key set, as for {@code --set}
 * @param low the least value, finite and {@code > 0}
 * @param high the greatest value, finite, {@code >= low}
 */
public record LogUniform(String key, double low, double high) implements Dimension {
  /** Validates the key and the bounds. */
  public LogUniform {
    Checks.requireKey(key);
    Checks.requireRange(key, low, high, "log-uniform");
    ConfigException.require(low > 0, "tune.space." + key + ": log-uniform bounds must be > 0, got ["
        + low + ", " + high + "]; use uniform for a range that includes 0 or negative values");
  }

  @Override
  public Object sample(SplittableRandom random) {
    return fromUnit(random.nextDouble());
  }

  @Override
  public double toUnit(Object value) {
    if (!(value instanceof Number number) || !(number.doubleValue() > 0)) {
      throw new IllegalArgumentException(path() + ": " + value + " is not a positive number");
    }
    return high == low ? 0.5
        : Dimension.clampUnit(Math.log(number.doubleValue() / low) / Math.log(high / low));
  }

  @Override
  public Object fromUnit(double u) {
    double value = low * Math.exp(Math.log(high / low) * Dimension.clampUnit(u));
    return Math.max(low, Math.min(high, value));
  }
}
