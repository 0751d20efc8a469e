package io.sparktrain.driver.tune;

import io.sparktrain.kernels.config.ConfigException;
import java.util.SplittableRandom;

/**
 * An integer hyperparameter drawn uniformly from {@code low..high}, both inclusive (YAML
 * {@code {int-uniform: [1, 4]}}). Its values are {@link Integer}s when both bounds fit an
 * {@code int}, {@link Long}s otherwise.
 *
 * @param key the job config key set, as for {@code --set}
 * @param low the least value
 * @param high the greatest value, {@code >= low} and {@code < Long.MAX_VALUE}
 */
public record IntUniform(String key, long low, long high) implements Dimension {
  /** Validates the key and the bounds. */
  public IntUniform {
    Checks.requireKey(key);
    ConfigException.require(low <= high,
        "tune.space." + key + ": int-uniform needs low <= high, got [" + low + ", " + high + "]");
    ConfigException.require(high < Long.MAX_VALUE && high - low >= 0 && high - low < Long.MAX_VALUE,
        "tune.space." + key + ": int-uniform range [" + low + ", " + high + "] is too wide");
  }

  /** The number of values, {@code high - low + 1}. */
  public long size() {
    return high - low + 1;
  }

  /** The {@code index}-th value, {@code low + index}, boxed as this dimension's values are. */
  public Object value(long index) {
    return box(low + index);
  }

  @Override
  public Object sample(SplittableRandom random) {
    return box(random.nextLong(low, high + 1));
  }

  @Override
  public double toUnit(Object value) {
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(path() + ": " + value + " is not an integer");
    }
    return Dimension.clampUnit((number.longValue() - low + 0.5) / size());
  }

  @Override
  public Object fromUnit(double u) {
    return box(low + Math.min(size() - 1, (long) (Dimension.clampUnit(u) * size())));
  }

  private Object box(long value) {
    if (low >= Integer.MIN_VALUE && high <= Integer.MAX_VALUE) {
      return Integer.valueOf((int) value);
    }
    return Long.valueOf(value);
  }
}
