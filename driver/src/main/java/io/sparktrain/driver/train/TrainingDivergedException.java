package io.sparktrain.driver.train;

/** The loss became NaN or infinite; the CLI maps it to exit status 4. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message names the step and the learning rate in force */
  public TrainingDivergedException(String message) {
    super(message);
  }
}
