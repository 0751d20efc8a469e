package io.sparktrain.kernels.config;

import java.io.Serializable;

/**
 * Optimizer hyperparameters (YAML {@code optimizer}). Keys that an optimizer does not use are
 * ignored by it; defaults follow DL4J's.
 *
 * @param type which optimizer
 * @param learningRate base learning rate, &gt; 0
 * @param momentum momentum coefficient for momentum and Nesterov, in [0, 1)
 * @param beta1 Adam's first-moment decay, in [0, 1)
 * @param beta2 Adam's second-moment decay, in [0, 1)
 * @param epsilon Adam's denominator offset, &gt; 0
 */
public record OptimizerSpec(OptimizerType type, double learningRate, double momentum, double beta1,
    double beta2, double epsilon) implements Serializable {

  /** Default momentum coefficient. */
  public static final double DEFAULT_MOMENTUM = 0.9;
  /** Default Adam beta1. */
  public static final double DEFAULT_BETA1 = 0.9;
  /** Default Adam beta2. */
  public static final double DEFAULT_BETA2 = 0.999;
  /** Default Adam epsilon. */
  public static final double DEFAULT_EPSILON = 1e-8;

  /** Validates every hyperparameter, naming its key. */
  public OptimizerSpec {
    ConfigException.require(type != null, "optimizer.type is required");
    ConfigException.requirePositive("optimizer.learning-rate", learningRate);
    ConfigException.requireInHalfOpen("optimizer.momentum", momentum, 0, 1);
    ConfigException.requireInHalfOpen("optimizer.beta1", beta1, 0, 1);
    ConfigException.requireInHalfOpen("optimizer.beta2", beta2, 0, 1);
    ConfigException.requirePositive("optimizer.epsilon", epsilon);
  }

  /** An optimizer of the given type with default hyperparameters. */
  public static OptimizerSpec of(OptimizerType type, double learningRate) {
    return new OptimizerSpec(type, learningRate, DEFAULT_MOMENTUM, DEFAULT_BETA1, DEFAULT_BETA2,
        DEFAULT_EPSILON);
  }
}
