package io.sparktrain.kernels.config;

import java.io.Serializable;

/**
 * Penalties and gradient stabilizers (YAML {@code regularization}). In one step they act in this
 * order: the combined mean gradient is clipped (by value, then by global norm), L1 and L2 terms of
 * the weights are added to it, decoupled weight decay shrinks the weights, and the updater applies
 * the gradient. Penalties and decay touch weights, not biases; clipping covers every parameter.
 *
 * @param l1 coefficient of {@code l1 * sum |w|}; adds {@code l1 * sign(w)} to the gradient
 * @param l2 coefficient of {@code l2 / 2 * sum w^2}; adds {@code l2 * w} to the gradient
 * @param weightDecay decoupled weight decay (Loshchilov &amp; Hutter 2019):
 *     {@code w -= lr * weightDecay * w}, outside the gradient, so adaptive optimizers do not rescale it
 * @param clipValue clamps every gradient entry to {@code [-clipValue, clipValue]}; 0 turns it off
 * @param clipNorm rescales the gradient to this L2 norm when it is longer; 0 turns it off
 */
public record RegularizationSpec(double l1, double l2, double weightDecay, double clipValue, double clipNorm)
    implements Serializable {

  /** No regularization and no clipping. */
  public static final RegularizationSpec NONE = new RegularizationSpec(0, 0, 0, 0, 0);

  /** Validates every coefficient. */
  public RegularizationSpec {
    ConfigException.requireNonNegative("regularization.l1", l1);
    ConfigException.requireNonNegative("regularization.l2", l2);
    ConfigException.requireNonNegative("regularization.weight-decay", weightDecay);
    ConfigException.requireNonNegative("regularization.clip-value", clipValue);
    ConfigException.requireNonNegative("regularization.clip-norm", clipNorm);
  }

  /** L1 and L2 penalties only. */
  public static RegularizationSpec penalties(double l1, double l2) {
    return new RegularizationSpec(l1, l2, 0, 0, 0);
  }
}
