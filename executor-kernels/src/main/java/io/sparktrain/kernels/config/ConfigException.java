package io.sparktrain.kernels.config;

/**
 * A job configuration value is missing, of the wrong type, out of range or in conflict with
 * another. The message names the key (kebab-case YAML path), the value and what is allowed.
 * The CLI maps it to exit status 2.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** @param message names the key, the value and what is allowed */
  public ConfigException(String message) {
    super(message);
  }

  /** Throws a {@code ConfigException} with {@code message} unless {@code condition} holds. */
  public static void require(boolean condition, String message) {
    if (!condition) {
      throw new ConfigException(message);
    }
  }

  /** Requires {@code value} to be finite and strictly positive. */
  public static void requirePositive(String key, double value) {
    require(Double.isFinite(value) && value > 0, key + " must be > 0, got " + value);
  }

  /** Requires {@code value} to be finite and {@code >= 0}. */
  public static void requireNonNegative(String key, double value) {
    require(Double.isFinite(value) && value >= 0, key + " must be >= 0, got " + value);
  }

  /** Requires {@code low <= value < high}. */
  public static void requireInHalfOpen(String key, double value, double low, double high) {
    require(value >= low && value < high,
        key + " must be in [" + low + ", " + high + "), got " + value);
  }
}
