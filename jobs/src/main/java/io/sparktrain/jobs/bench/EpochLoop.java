package io.sparktrain.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Times the epochs of a system whose training loop the benchmark drives: each epoch's training
 * and the evaluation after it are timed apart.
 */
final class EpochLoop {
  private final LongSupplier nanoClock;

  /** @param nanoClock a monotonic clock in nanoseconds, such as {@code System::nanoTime} */
  EpochLoop(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** The work of one epoch, called in order: train, then evaluate. */
  interface Epoch {
    /** Trains one pass over the training data; {@code epoch} is zero-based. */
    void train(int epoch);

    /** Test accuracy of the current model, in [0, 1]. */
    double testAccuracy();
  }

  /**
   * Runs {@code epochs} epochs.
   *
   * @param examplesPerEpoch training examples one pass processes
   * @param onEpoch called after each epoch with its result
   */
  List<EpochResult> run(Epoch work, int epochs, long examplesPerEpoch, Consumer<EpochResult> onEpoch) {
    List<EpochResult> results = new ArrayList<>();
    for (int epoch = 0; epoch < epochs; epoch++) {
      long started = nanoClock.getAsLong();
      work.train(epoch);
      long trained = nanoClock.getAsLong();
      double accuracy = work.testAccuracy();
      long evaluated = nanoClock.getAsLong();
      EpochResult result = new EpochResult(epoch + 1, (trained - started) / 1e9, examplesPerEpoch, accuracy,
          (evaluated - trained) / 1e9);
      results.add(result);
      onEpoch.accept(result);
    }
    return results;
  }
}
