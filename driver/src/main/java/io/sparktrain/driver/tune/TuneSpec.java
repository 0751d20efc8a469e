package io.sparktrain.driver.tune;

import io.sparktrain.kernels.config.ConfigException;

/**
 * A hyperparameter search (YAML {@code tune}), validated.
 *
 * @param metric the {@code summary.json} metric that scores a trial, such as {@code accuracy}
 * @param goal whether higher or lower values of the metric are better
 * @param strategy how trials are proposed
 * @param trials the trial budget, {@code >= 1} (a grid smaller than it ends the search earlier)
 * @param seed the search's seed (proposals, folds)
 * @param space the hyperparameters varied; a grid needs choices and int-uniform ranges only
 * @param asha successive halving, or null to train every trial for {@code training.epochs}
 * @param folds 0 for no cross-validation, else the number of folds, {@code >= 2}
 * @param trialWorkers Spark workers per trial, {@code >= 1}; trials run concurrently on the rest
 */
public record TuneSpec(String metric, Goal goal, StrategyType strategy, int trials, long seed, SearchSpace space,
    AshaSpec asha, int folds, int trialWorkers) {
  /** Validates every value; a grid strategy checks that the space is a grid. */
  public TuneSpec {
    ConfigException.require(metric != null && !metric.isBlank(), "tune.metric is required");
    ConfigException.require(goal != null, "tune.goal is required");
    ConfigException.require(strategy != null, "tune.strategy is required");
    ConfigException.require(space != null, "tune.space is required");
    ConfigException.require(trials >= 1, "tune.trials must be >= 1, got " + trials);
    ConfigException.require(folds == 0 || folds >= 2,
        "tune.folds must be 0 (no cross-validation) or >= 2, got " + folds);
    ConfigException.require(trialWorkers >= 1, "tune.trial-workers must be >= 1, got " + trialWorkers);
    if (strategy == StrategyType.GRID) {
      space.gridSize();
    }
  }

  /** Whether trials are cross-validated ({@code folds >= 2}). */
  public boolean crossValidation() {
    return folds >= 2;
  }

  /** This search's strategy over its space, seeded by {@link #seed}. */
  public SearchStrategy searchStrategy() {
    return SearchStrategy.create(strategy, space, goal, seed);
  }
}
