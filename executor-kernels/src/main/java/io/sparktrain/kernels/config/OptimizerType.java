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
  ADAM,
  /**
   * Adam with decoupled weight decay, Loshchilov &amp; Hutter 2019: Adam plus
   * {@code regularization.weight-decay}, which must be &gt; 0.
   */
  ADAMW,
  /** RMSProp, Tieleman &amp; Hinton 2012. */
  RMSPROP,
  /** AdaGrad, Duchi et al. 2011. */
  ADAGRAD
}
