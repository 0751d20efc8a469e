package io.sparktrain.kernels.config;

import java.io.Serializable;

/**
 * Penalties added to the combined gradient of the weights (not the biases) before the update
 * (YAML {@code regularization}).
 *
 * @param l1 coefficient of {@code l1 * sum |w|}; adds {@code l1 * sign(w)} to the gradient
 * @param l2 coefficient of {@code l2 / 2 * sum w^2}; adds {@code l2 * w} to the gradient
 */
public record RegularizationSpec(double l1, double l2) implements Serializable {

  /** No regularization. */
  public static final RegularizationSpec NONE = new RegularizationSpec(0, 0);

  /** Validates both coefficients. */
  public RegularizationSpec {
    ConfigException.requireNonNegative("regularization.l1", l1);
    ConfigException.requireNonNegative("regularization.l2", l2);
  }
}
