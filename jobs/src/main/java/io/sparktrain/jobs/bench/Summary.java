package io.sparktrain.jobs.bench;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The headline numbers of one system's run.
 *
 * @param system the system's name
 * @param samplesPerSecond median training throughput over epochs 2..N, or epoch 1's when the run
 *     had a single epoch
 * @param firstEpochOnly whether {@code samplesPerSecond} comes from epoch 1 alone (which includes
 *     warm-up), because the run had no later epoch
 * @param secondsToTarget cumulative training seconds up to and including the first epoch after
 *     which the test accuracy reached the target; empty if it never did
 * @param finalAccuracy test accuracy after the last epoch
 */
record Summary(String system, double samplesPerSecond, boolean firstEpochOnly, OptionalDouble secondsToTarget,
    double finalAccuracy) {

  /** Summarizes {@code result} for a target test accuracy. */
  static Summary of(SystemResult result, double target) {
    List<EpochResult> epochs = result.epochs();
    if (epochs.isEmpty()) {
      throw new IllegalArgumentException(result.system() + ": the result holds no epochs");
    }
    boolean firstEpochOnly = epochs.size() == 1;
    double[] rates = epochs.stream().skip(firstEpochOnly ? 0 : 1).mapToDouble(EpochResult::samplesPerSecond)
        .toArray();
    return new Summary(result.system(), median(rates), firstEpochOnly, secondsToTarget(epochs, target),
        epochs.get(epochs.size() - 1).testAccuracy());
  }

  /** The median of {@code values}: the middle value, or the mean of the two middle ones. */
  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("the median of no values is undefined");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** Training seconds until the test accuracy after an epoch first reaches {@code target}. */
  static OptionalDouble secondsToTarget(List<EpochResult> epochs, double target) {
    double seconds = 0;
    for (EpochResult epoch : epochs) {
      seconds += epoch.trainSeconds();
      if (epoch.testAccuracy() >= target) {
        return OptionalDouble.of(seconds);
      }
    }
    return OptionalDouble.empty();
  }
}
