package io.sparktrain.jobs.bench;

/**
 * One timed epoch of one system.
 *
 * @param epoch one-based epoch number
 * @param trainSeconds wall-clock seconds spent training in this epoch, evaluation excluded
 * @param examples training examples processed in this epoch
 * @param testAccuracy accuracy on the test set after this epoch, in [0, 1]
 * @param evalSeconds wall-clock seconds the evaluation after this epoch took
 */
record EpochResult(int epoch, double trainSeconds, long examples, double testAccuracy, double evalSeconds) {

  /** Training throughput of this epoch, examples per second. */
  double samplesPerSecond() {
    return examples / trainSeconds;
  }

  /** A one-line progress message. */
  String describe(int epochs) {
    return String.format("epoch %d/%d: train %.2f s (%.0f samples/s), test accuracy %.4f, eval %.2f s",
        epoch, epochs, trainSeconds, samplesPerSecond(), testAccuracy, evalSeconds);
  }
}
