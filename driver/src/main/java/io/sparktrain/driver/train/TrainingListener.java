package io.sparktrain.driver.train;

/**
 * Observes a training run: progress printing and {@code metrics.jsonl} are listeners. Called on
 * the driver thread that runs the loop, in order: steps of epoch 0, then epoch 0's end, and so on.
 */
public interface TrainingListener {

  /** After every step. */
  default void onStep(StepReport report) {}

  /** After every epoch, with its evaluations when there is test data or a validation split. */
  default void onEpoch(EpochReport report) {}

  /**
   * Whether the run ends after the epoch just reported to {@link #onEpoch}, before its configured
   * epochs: asked once per epoch, right after {@link #onEpoch}; the epoch's end is checkpointed as
   * usual and the run's result is that epoch's. A trial of a hyperparameter search trained in
   * segments ends each segment this way, while its learning-rate schedule spans all its epochs.
   * Never, by default.
   */
  default boolean endsRunAfter(EpochReport report) {
    return false;
  }

  /**
   * After every epoch's steps, before {@link #onEpoch}, from transports that count the bytes
   * workers exchange ({@code sharded-ps}).
   */
  default void onTraffic(TrafficReport report) {}

  /**
   * One finished step.
   *
   * @param step zero-based global step
   * @param epoch zero-based epoch
   * @param stepInEpoch zero-based step within the epoch
   * @param stepsPerEpoch steps in each epoch
   * @param loss mean training loss of the step's examples
   * @param learningRate the rate applied
   * @param examples examples in the step (global batch, shorter at the end)
   * @param samplesPerSecond examples per second of training time so far in this epoch
   */
  record StepReport(long step, int epoch, int stepInEpoch, int stepsPerEpoch, double loss,
      double learningRate, long examples, double samplesPerSecond) {}

  /**
   * One finished epoch.
   *
   * @param epoch zero-based epoch
   * @param steps global steps done so far
   * @param trainLoss mean of the epoch's step losses, weighted by examples
   * @param trainSeconds training time of this epoch (evaluation excluded)
   * @param samplesPerSecond examples per second of training in this epoch
   * @param test evaluation on the test data, or null without test data
   * @param validation evaluation on the validation split, or null without one
   */
  record EpochReport(int epoch, long steps, double trainLoss, double trainSeconds, double samplesPerSecond,
      io.sparktrain.driver.eval.Evaluation test, io.sparktrain.driver.eval.Evaluation validation) {}

  /**
   * The bytes the workers exchanged with the parameter-server shards in one epoch's steps, frame
   * headers included (connection handshakes excluded), averaged over workers and steps.
   *
   * @param epoch zero-based epoch
   * @param steps steps in the epoch
   * @param workers number of workers
   * @param bytesSentPerWorkerPerStep bytes a worker sent per step: its pushes and pulls
   * @param bytesReceivedPerWorkerPerStep bytes a worker received per step: the shards' replies and slices
   */
  record TrafficReport(int epoch, long steps, int workers, double bytesSentPerWorkerPerStep,
      double bytesReceivedPerWorkerPerStep) {}
}
