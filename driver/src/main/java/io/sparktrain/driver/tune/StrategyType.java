package io.sparktrain.driver.tune;

/** How a search proposes its trials (YAML {@code tune.strategy}). */
public enum StrategyType {
  /** Every combination of the choices and int-uniform ranges, in a fixed order. */
  GRID,
  /** Independent draws from every dimension's prior, seeded per trial. */
  RANDOM,
  /** The Tree-structured Parzen Estimator (Bergstra et al. 2011), after random start-up trials. */
  TPE
}
