package io.sparktrain.driver.tune;

import io.sparktrain.kernels.config.ConfigException;

/** Validation shared by the dimension records. */
final class Checks {
  private Checks() {}

  static void requireKey(String key) {
    ConfigException.require(key != null && !key.isBlank(), "tune.space keys must not be blank");
  }

  /** Finite bounds with {@code low <= high}. */
  static void requireRange(String key, double low, double high, String kind) {
    ConfigException.require(Double.isFinite(low) && Double.isFinite(high),
        "tune.space." + key + ": " + kind + " bounds must be finite numbers, got [" + low + ", " + high + "]");
    ConfigException.require(low <= high,
        "tune.space." + key + ": " + kind + " needs low <= high, got [" + low + ", " + high + "]");
  }
}
