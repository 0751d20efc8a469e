package io.sparktrain.driver.tune;

import java.util.List;
import java.util.Map;

/** Random search: trial {@code i} is drawn from a stream seeded by {@code (seed, i)} alone. */
final class RandomStrategy implements SearchStrategy {
  static final long PURPOSE = 1;

  private final SearchSpace space;
  private final long seed;

  RandomStrategy(SearchSpace space, long seed) {
    this.space = space;
    this.seed = seed;
  }

  @Override
  public Map<String, Object> propose(int trialId, List<TrialResult> finished) {
    return space.sample(Seeds.forTrial(seed, trialId, PURPOSE));
  }
}
