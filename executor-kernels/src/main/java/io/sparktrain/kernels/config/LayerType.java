package io.sparktrain.kernels.config;

/** Layer kinds available in a layer list (YAML {@code model.layers[i].type}). */
public enum LayerType {
  /** Fully connected hidden layer. */
  DENSE,
  /** Fully connected output layer with a loss; exactly one, and last. */
  OUTPUT
}
