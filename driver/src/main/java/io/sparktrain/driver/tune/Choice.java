package io.sparktrain.driver.tune;

import io.sparktrain.kernels.config.ConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A categorical hyperparameter (YAML {@code {choice: [sgd, nesterov, adam]}}): one of a fixed,
 * ordered list of scalar values.
 *
 * @param key the job config key set, as for {@code --set}
 * @param values the allowed values, non-empty, each a String, Number or Boolean; duplicates are
 *     rejected (they would weigh the prior)
 */
public record Choice(String key, List<Object> values) implements Dimension {
  /** Validates the key and the values. */
  public Choice {
    Checks.requireKey(key);
    ConfigException.require(values != null && !values.isEmpty(),
        "tune.space." + key + ": choice must list at least one value");
    List<Object> copy = new ArrayList<>();
    for (Object value : values) {
      ConfigException.require(value instanceof String || value instanceof Number || value instanceof Boolean,
          "tune.space." + key + ": choice values must be strings, numbers or booleans, got "
              + (value == null ? "null" : "a " + value.getClass().getSimpleName()));
      ConfigException.require(!copy.contains(value),
          "tune.space." + key + ": choice lists " + value + " twice");
      copy.add(value);
    }
    values = Collections.unmodifiableList(copy);
  }

  /** The number of values. */
  public int size() {
    return values.size();
  }

  /** The position of {@code value} in {@link #values}, or -1. */
  public int indexOf(Object value) {
    return values.indexOf(value);
  }

  @Override
  public Object sample(SplittableRandom random) {
    return values.get(random.nextInt(values.size()));
  }

  @Override
  public double toUnit(Object value) {
    int index = indexOf(value);
    if (index < 0) {
      throw new IllegalArgumentException(path() + ": " + value + " is not one of " + values);
    }
    return (index + 0.5) / values.size();
  }

  @Override
  public Object fromUnit(double u) {
    return values.get(Math.min(values.size() - 1, (int) (Dimension.clampUnit(u) * values.size())));
  }
}
