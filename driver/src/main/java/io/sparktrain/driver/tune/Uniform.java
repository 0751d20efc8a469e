package io.sparktrain.driver.tune;

import java.util.SplittableRandom;

/**
 * A real hyperparameter drawn uniformly from {@code [low, high]} (YAML
 * {@code {uniform: [low, high]}}); its values are {@link Double}s.
 *
 * @param key the job config key set, as for {@code --set}
 * @param low the least value, finite
 * @param high the greatest value, finite, {@code >= low}
 */
public record Uniform(String key, double low, double high) implements Dimension {
  /** Validates the key and the bounds. */
  public Uniform {
    Checks.requireKey(key);
    Checks.requireRange(key, low, high, "uniform");
  }

  @Override
  public Object sample(SplittableRandom random) {
    return fromUnit(random.nextDouble());
  }

  @Override
  public double toUnit(Object value) {
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(path() + ": " + value + " is not a number");
    }
    return high == low ? 0.5 : Dimension.clampUnit((number.doubleValue() - low) / (high - low));
  }

  @Override
  public Object fromUnit(double u) {
    return Math.min(high, low + (high - low) * Dimension.clampUnit(u));
  }
}
