package io.sparktrain.kernels.config;

/** Optimizers (YAML {@code optimizer.type}). */
public enum OptimizerType {
  /** Plain (mini-batch) stochastic gradient descent. */
  SGD,
  /** SGD with classical (heavy-ball) momentum, Polyak 1964. */
  MOMENTUM,
  /** SGD with Nesterov momentum (Sutskever et al. 2013 form, as DL4J's {@code Nesterovs}). */
  NESTEROV,
  /** Adam, Kingma &amp; Ba 2014. */
  ADAM
}
