package io.sparktrain.driver.train;

import io.sparktrain.kernels.train.GradientSum;

/** The loss became NaN or infinite; the CLI maps it to exit status 4. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message names the step and the learning rate in force */
  public TrainingDivergedException(String message) {
    super(message);
  }

  /**
   * The failure at global step {@code step} of {@code epoch}, with what to do about it.
   *
   * @param problem what was not finite, such as {@link #problem(GradientSum)}
   * @param learningRate the rate of that step
   */
  static TrainingDivergedException at(long step, int epoch, String problem, double learningRate) {
    return new TrainingDivergedException("training diverged at step " + step + " (epoch " + (epoch + 1) + "): "
        + problem + " at learning rate " + learningRate + "; lower optimizer.learning-rate or set"
        + " regularization.clip-norm");
  }

  /** What is not finite in a gradient whose {@link GradientSum#isFinite()} is false. */
  static String problem(GradientSum gradient) {
    return Double.isFinite(gradient.meanLoss()) ? "the gradient holds NaN or infinite values"
        : "the loss is " + gradient.meanLoss();
  }

  /** Whether every value is finite. */
  static boolean allFinite(float[] values) {
    for (float value : values) {
      if (!Float.isFinite(value)) {
        return false;
      }
    }
    return true;
  }
}
