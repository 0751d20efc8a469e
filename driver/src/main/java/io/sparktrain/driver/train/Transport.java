package io.sparktrain.driver.train;

/** How gradients and parameters travel each step (YAML {@code training.transport}). */
public enum Transport {
  /** {@code treeAggregate} to the driver, update there, {@code broadcast} back. */
  DRIVER
}
