package io.sparktrain.driver.tune;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Grid search: trial {@code i} is grid point {@code i}; null past the end of the grid. */
final class GridStrategy implements SearchStrategy {
  private final SearchSpace space;
  private final long size;

  GridStrategy(SearchSpace space) {
    this.space = space;
    this.size = space.gridSize();
  }

  @Override
  public Map<String, Object> propose(int trialId, List<TrialResult> finished) {
    return trialId < size ? space.gridPoint(trialId) : null;
  }

  @Override
  public OptionalLong size() {
    return OptionalLong.of(size);
  }
}
