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
}
