package io.sparktrain.driver.tune;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Proposes the hyperparameters of each trial of a search. The caller numbers trials from 0 and
 * asks for each once, in order, passing the results known at that moment; the proposal is a
 * pure function of the seed, the trial number and that history (ordered by trial id inside the
 * strategy, so the order the caller lists them in does not matter), which makes a search
 * reproducible and lets a resumed search propose the same trials again. Implementations are
 * immutable and thread-safe.
 */
public interface SearchStrategy {
  /**
   * The values of trial {@code trialId}: every key of the space, in the space's order.
   *
   * @param trialId the trial's number, from 0
   * @param finished the results known so far (any order; NaN scores count as the worst)
   * @return a new, ordered map, or null when the strategy has nothing left to propose (the grid
   *     is exhausted: {@code trialId >= size()})
   */
  Map<String, Object> propose(int trialId, List<TrialResult> finished);

  /** How many distinct trials the strategy can propose: the grid's size, or empty when unbounded. */
  default OptionalLong size() {
    return OptionalLong.empty();
  }

  /**
   * The strategy of {@code type} over {@code space}: {@link StrategyType#GRID} enumerates
   * {@link SearchSpace#gridPoint} in order, {@link StrategyType#RANDOM} draws trial {@code i}
   * from a random stream that depends only on {@code (seed, i)}, and {@link StrategyType#TPE}
   * proposes like random for its start-up trials and then by the Tree-structured Parzen
   * Estimator (see {@link #tpe}).
   *
   * @param goal whether higher or lower scores are better (TPE's split into good and bad)
   * @param seed the search's seed
   * @throws io.sparktrain.kernels.config.ConfigException for a grid over a real range
   */
  static SearchStrategy create(StrategyType type, SearchSpace space, Goal goal, long seed) {
    return switch (type) {
      case GRID -> new GridStrategy(space);
      case RANDOM -> new RandomStrategy(space, seed);
      case TPE -> tpe(space, goal, seed, TpeStrategy.defaultStartup(space));
    };
  }

  /**
   * The Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio and K&eacute;gl, "Algorithms
   * for Hyper-Parameter Optimization", NIPS 2011). While fewer than {@code startupTrials} results
   * are known it proposes exactly what random search would. Then it ranks the results (NaN
   * last, ties by trial id), calls the best {@code ceil(0.25 n)} good and the rest bad, and per
   * dimension fits a density {@code l} to the good and {@code g} to the bad values: for numeric
   * dimensions a mixture of Gaussians truncated to the unit interval (in log space for
   * log-uniform), one per value with a bandwidth of the larger gap to its neighbours, plus a wide
   * prior component; for choices, category frequencies plus one pseudo-count each. It draws 24
   * candidates from {@code l} and proposes the one with the highest {@code l(x) / g(x)} (product
   * over dimensions). Every draw comes from a random stream seeded by {@code (seed, trialId)}.
   * {@link #create} uses {@code startupTrials = max(5, 2 * dimensions)}.
   */
  static SearchStrategy tpe(SearchSpace space, Goal goal, long seed, int startupTrials) {
    return new TpeStrategy(space, goal, seed, startupTrials);
  }
}
