package io.sparktrain.driver.tune;

import io.sparktrain.kernels.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asynchronous successive halving (YAML {@code tune.early-stopping: {type: asha, ...}}; Li et
 * al., "A System for Massively Parallel Hyperparameter Tuning", MLSys 2020): every trial first
 * trains to the lowest rung; of the trials that reached a rung, the best {@code 1/reduction}
 * continue to the next one, and the others stop.
 *
 * @param minEpochs the first rung, in epochs, {@code >= 1}
 * @param maxEpochs the last rung, where a trial is complete, {@code >= minEpochs}
 * @param reduction the factor between rungs and the fraction promoted ({@code 1/reduction}),
 *     {@code >= 2}
 */
public record AshaSpec(int minEpochs, int maxEpochs, int reduction) {
  /** Validates the values. */
  public AshaSpec {
    ConfigException.require(minEpochs >= 1, "tune.early-stopping.min-epochs must be >= 1, got " + minEpochs);
    ConfigException.require(maxEpochs >= minEpochs, "tune.early-stopping.max-epochs must be >= "
        + "tune.early-stopping.min-epochs (" + minEpochs + "), got " + maxEpochs);
    ConfigException.require(reduction >= 2, "tune.early-stopping.reduction must be >= 2, got " + reduction);
  }

  /**
   * The rungs, in epochs, ascending: {@code minEpochs * reduction^k} while below
   * {@code maxEpochs}, then {@code maxEpochs} ({@code 1, 3, 9} for 1, 9, 3; {@code 1, 3, 9, 10}
   * for 1, 10, 3).
   */
  public List<Integer> rungs() {
    List<Integer> rungs = new ArrayList<>();
    long epochs = minEpochs;
    while (epochs < maxEpochs) {
      rungs.add((int) epochs);
      epochs *= reduction;
    }
    rungs.add(maxEpochs);
    return List.copyOf(rungs);
  }
}
