package io.sparktrain.driver.tune;

import java.util.SplittableRandom;

/**
 * One hyperparameter of a {@link SearchSpace} (YAML {@code tune.space.<key>}): the job config key
 * it sets, written as for {@code --set} ({@code optimizer.learning-rate},
 * {@code model.layers.0.units}), and the values it may take.
 *
 * <p>Values are plain Java objects that read back as YAML scalars: {@link String}, {@link Integer}
 * or {@link Long}, {@link Double}, {@link Boolean}. Numeric dimensions also map their values to
 * and from the unit interval, where {@link SearchStrategy TPE} fits its densities: linearly for
 * {@link Uniform} and {@link IntUniform}, in log space for {@link LogUniform}. Instances are
 * immutable and thread-safe.
 */
public sealed interface Dimension permits Choice, Uniform, LogUniform, IntUniform {
  /** The job config key this dimension sets, such as {@code optimizer.learning-rate}. */
  String key();

  /** One value drawn from this dimension's prior (uniform over choices, the range or log range). */
  Object sample(SplittableRandom random);

  /**
   * The position of {@code value} in [0, 1]: for a choice of {@code n} values, the centre of its
   * slot {@code (index + 0.5) / n}; for ranges, the (log-)linear position.
   *
   * @throws IllegalArgumentException if {@code value} is not a value of this dimension's kind
   */
  double toUnit(Object value);

  /** The value at position {@code u} of [0, 1] (clamped into it); the inverse of {@link #toUnit}. */
  Object fromUnit(double u);

  /** The full key path in a tune config: {@code tune.space.<key>}, for error messages. */
  default String path() {
    return "tune.space." + key();
  }

  /** {@code u} clamped into [0, 1]; NaN reads as 0. */
  static double clampUnit(double u) {
    return u >= 0 ? Math.min(u, 1) : 0;
  }
}
