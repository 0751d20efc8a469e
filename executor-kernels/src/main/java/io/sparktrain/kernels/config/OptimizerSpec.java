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
 * @param epsilon denominator offset of Adam, AdamW, RMSProp and AdaGrad, &gt; 0
 * @param rmsDecay RMSProp's decay of the running mean square, in [0, 1)
 */
public record OptimizerSpec(OptimizerType type, double learningRate, double momentum, double beta1,
    double beta2, double epsilon, double rmsDecay) implements Serializable {

  /** Default momentum coefficient. */
  public static final double DEFAULT_MOMENTUM = 0.9;
  /** Default Adam beta1. */
  public static final double DEFAULT_BETA1 = 0.9;
  /** Default Adam beta2. */
  public static final double DEFAULT_BETA2 = 0.999;
  /** Default epsilon of Adam, AdamW and RMSProp, as DL4J's. */
  public static final double DEFAULT_EPSILON = 1e-8;
  /** Default epsilon of AdaGrad, as DL4J's: larger, since AdaGrad's denominator only grows from it. */
  public static final double DEFAULT_ADAGRAD_EPSILON = 1e-6;
  /** Default RMSProp decay, as DL4J's. */
  public static final double DEFAULT_RMS_DECAY = 0.95;

  /** Validates every hyperparameter, naming its key. */
  public OptimizerSpec {
    ConfigException.require(type != null, "optimizer.type is required");
    ConfigException.requirePositive("optimizer.learning-rate", learningRate);
    ConfigException.requireInHalfOpen("optimizer.momentum", momentum, 0, 1);
    ConfigException.requireInHalfOpen("optimizer.beta1", beta1, 0, 1);
    ConfigException.requireInHalfOpen("optimizer.beta2", beta2, 0, 1);
    ConfigException.requirePositive("optimizer.epsilon", epsilon);
    ConfigException.requireInHalfOpen("optimizer.rms-decay", rmsDecay, 0, 1);
  }

  /** An optimizer of the given type with default hyperparameters. */
  public static OptimizerSpec of(OptimizerType type, double learningRate) {
    return new OptimizerSpec(type, learningRate, DEFAULT_MOMENTUM, DEFAULT_BETA1, DEFAULT_BETA2,
        defaultEpsilon(type), DEFAULT_RMS_DECAY);
  }

  /** DL4J's default epsilon for {@code type}. */
  public static double defaultEpsilon(OptimizerType type) {
    return type == OptimizerType.ADAGRAD ? DEFAULT_ADAGRAD_EPSILON : DEFAULT_EPSILON;
  }

  /** This spec with another momentum coefficient. */
  public OptimizerSpec withMomentum(double coefficient) {
    return new OptimizerSpec(type, learningRate, coefficient, beta1, beta2, epsilon, rmsDecay);
  }
}
