/**
 * The pure logic of hyperparameter search (YAML {@code tune}): the {@link
 * io.sparktrain.driver.tune.SearchSpace} of {@link io.sparktrain.driver.tune.Dimension}s, the
 * {@link io.sparktrain.driver.tune.SearchStrategy} that proposes each trial's values (grid,
 * seeded random, or the Tree-structured Parzen Estimator), the {@link
 * io.sparktrain.driver.tune.TrialScheduler} that hands out trials and promotes or stops them by
 * asynchronous successive halving (ASHA), and cross-validation {@link
 * io.sparktrain.driver.tune.Folds}. Nothing here touches Spark: the runner in {@code jobs} trains
 * each assignment as an ordinary job and reports its metric back, so every decision made here is
 * deterministic given the seed and the reported scores, and unit tests drive it with synthetic
 * learning curves.
 */
package io.sparktrain.driver.tune;
