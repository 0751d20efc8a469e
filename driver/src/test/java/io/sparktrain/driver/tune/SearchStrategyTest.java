package io.sparktrain.driver.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and TPE search on a synthetic objective with one narrow good region: a learning rate
 * near 1e-3 (log-uniform over five decades), a dropout near 0.3 and the optimizer adam.
 */
class SearchStrategyTest {
  private static final SearchSpace SPACE = new SearchSpace(List.of(
      new LogUniform("optimizer.learning-rate", 1e-5, 1),
      new Uniform("model.layers.0.dropout", 0, 1),
      new Choice("optimizer.type", List.of("sgd", "nesterov", "adam"))));
  /** The region: a score of at least half the maximum. */
  private static final double GOOD = 0.5;
  private static final int SEEDS = 20;
  private static final int TRIALS = 60;

  static double objective(Map<String, Object> values) {
    double lr = Math.log10((Double) values.get("optimizer.learning-rate"));
    double dropout = (Double) values.get("model.layers.0.dropout");
    double optimizer = "adam".equals(values.get("optimizer.type")) ? 1 : 0.6;
    return Math.exp(-Math.pow((lr + 3) / 0.5, 2)) * Math.exp(-Math.pow((dropout - 0.3) / 0.15, 2)) * optimizer;
  }

  static boolean inRegion(Map<String, Object> values) {
    return objective(values) >= GOOD;
  }

  /** The probability that one draw from the prior lands in the region, by Monte Carlo. */
  static double chance() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(2024);
    int draws = 200_000;
    int hits = 0;
    for (int i = 0; i < draws; i++) {
      hits += inRegion(SPACE.sample(random)) ? 1 : 0;
    }
    return (double) hits / draws;
  }

  /** One sequential search: every trial sees every earlier result. */
  static List<TrialResult> search(StrategyType type, long seed) {
    SearchStrategy strategy = SearchStrategy.create(type, SPACE, Goal.MAXIMIZE, seed);
    List<TrialResult> history = new ArrayList<>();
    for (int trial = 0; trial < TRIALS; trial++) {
      Map<String, Object> values = strategy.propose(trial, List.copyOf(history));
      history.add(new TrialResult(trial, values, objective(values)));
    }
    return history;
  }

  record Summary(double meanBest, int hits, int seedsReaching, double meanTrialsToRegion) {}

  static Summary summarize(StrategyType type) {
    double best = 0;
    int hits = 0;
    int reaching = 0;
    double toRegion = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      List<TrialResult> history = search(type, seed);
      best += history.stream().mapToDouble(TrialResult::score).max().orElseThrow();
      int first = TRIALS + 1;
      for (TrialResult result : history) {
        if (inRegion(result.values())) {
          hits++;
          first = Math.min(first, result.trialId() + 1);
        }
      }
      toRegion += first;
      reaching += first <= TRIALS ? 1 : 0;
    }
    return new Summary(best / SEEDS, hits, reaching, toRegion / SEEDS);
  }

  @Test
  void randomSearchHitsTheRegionAtTheRateChancePredictsAndTpeBeatsIt() {
    Summary random = summarize(StrategyType.RANDOM);
    Summary tpe = summarize(StrategyType.TPE);

    double chance = chance();
    double expected = chance * SEEDS * TRIALS;
    double sd = Math.sqrt(expected * (1 - chance));
    assertThat((double) random.hits()).as("random hits, chance predicts %.1f", expected)
        .isBetween(expected - 3 * sd, expected + 3 * sd);
    assertThat((double) tpe.hits()).as("TPE hits vs random %s", random).isGreaterThan(3 * expected);
    assertThat(tpe.meanBest()).as("mean best score after %d trials: TPE %s, random %s", TRIALS, tpe, random)
        .isGreaterThan(random.meanBest());
    assertThat(tpe.meanTrialsToRegion()).as("mean trials to reach the region: TPE %s, random %s", tpe, random)
        .isLessThan(random.meanTrialsToRegion());
    assertThat(tpe.seedsReaching()).as("seeds whose search reached the region")
        .isGreaterThanOrEqualTo(random.seedsReaching());
  }

  @Test
  void bothStrategiesAreDeterministicForASeedAndDifferAcrossSeeds() {
    for (StrategyType type : List.of(StrategyType.RANDOM, StrategyType.TPE)) {
      assertThat(search(type, 11)).as(type.name()).isEqualTo(search(type, 11));
      assertThat(search(type, 11)).as(type.name()).isNotEqualTo(search(type, 12));
    }
  }

  @Test
  void randomProposalDependsOnlyOnSeedAndTrialId() {
    SearchStrategy strategy = SearchStrategy.create(StrategyType.RANDOM, SPACE, Goal.MAXIMIZE, 5);
    List<TrialResult> history = search(StrategyType.RANDOM, 99);
    assertThat(strategy.propose(7, history)).isEqualTo(strategy.propose(7, List.of()));
    assertThat(strategy.propose(7, List.of())).isNotEqualTo(strategy.propose(8, List.of()));
  }

  @Test
  void tpeStartsLikeRandomAndIgnoresTheOrderOfTheHistory() {
    SearchStrategy tpe = SearchStrategy.create(StrategyType.TPE, SPACE, Goal.MAXIMIZE, 5);
    SearchStrategy random = SearchStrategy.create(StrategyType.RANDOM, SPACE, Goal.MAXIMIZE, 5);
    List<TrialResult> history = search(StrategyType.RANDOM, 5).subList(0, 20);
    for (int trial = 0; trial < 6; trial++) {
      assertThat(tpe.propose(trial, history.subList(0, trial))).isEqualTo(random.propose(trial, List.of()));
    }
    List<TrialResult> shuffled = new ArrayList<>(history);
    Collections.shuffle(shuffled, new Random(1));
    Map<String, Object> proposal = tpe.propose(20, history);
    assertThat(tpe.propose(20, shuffled)).isEqualTo(proposal);
    assertThat(proposal).isNotEqualTo(random.propose(20, List.of()));
    assertThat(proposal.keySet()).containsExactlyElementsOf(SPACE.keys());
  }

  @Test
  void tpeTreatsFailedTrialsAsTheWorst() {
    SearchStrategy tpe = SearchStrategy.tpe(SPACE, Goal.MINIMIZE, 3, 5);
    List<TrialResult> history = new ArrayList<>();
    for (int trial = 0; trial < 20; trial++) {
      Map<String, Object> values = SPACE.sample(new java.util.SplittableRandom(trial));
      // Minimizing; sgd trials fail, so a NaN must not look like a small loss.
      double score = "sgd".equals(values.get("optimizer.type")) ? Double.NaN : 1 - objective(values);
      history.add(new TrialResult(trial, values, score));
    }
    int sgd = 0;
    for (int trial = 20; trial < 60; trial++) {
      sgd += "sgd".equals(tpe.propose(trial, history).get("optimizer.type")) ? 1 : 0;
    }
    assertThat(sgd).as("proposals of the optimizer whose trials all failed").isLessThan(8);
  }
}
