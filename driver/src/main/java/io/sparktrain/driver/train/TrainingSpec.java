package io.sparktrain.driver.train;

import io.sparktrain.kernels.config.ConfigException;
import java.io.Serializable;

/**
 * How to run the training loop (YAML {@code training}).
 *
 * @param mode how results are combined
 * @param transport how they travel
 * @param batchSize examples per step, per worker ({@code b}) or global ({@code W*b})
 * @param epochs passes over the training data, &gt;= 1
 * @param logEverySteps how often progress is printed, in steps, &gt;= 1
 * @param lrScaling how the base learning rate grows with the number of workers
 * @param earlyStopping when to stop before {@code epochs} on the validation split, or null to
 *     run every epoch
 */
public record TrainingSpec(TrainingMode mode, Transport transport, BatchSize batchSize, int epochs,
    int logEverySteps, LearningRateScaling lrScaling, EarlyStoppingSpec earlyStopping) implements Serializable {

  /** Validates every value. */
  public TrainingSpec {
    ConfigException.require(mode != null, "training.mode is required");
    ConfigException.require(transport != null, "training.transport is required");
    ConfigException.require(batchSize != null,
        "training.batch-size-per-worker or training.global-batch-size is required");
    ConfigException.require(epochs >= 1, "training.epochs must be >= 1, got " + epochs);
    ConfigException.require(logEverySteps >= 1, "training.log-every-steps must be >= 1, got " + logEverySteps);
    ConfigException.require(lrScaling != null, "training.lr-scaling is required");
  }

  /** A spec that runs every epoch (no early stopping). */
  public TrainingSpec(TrainingMode mode, Transport transport, BatchSize batchSize, int epochs, int logEverySteps,
      LearningRateScaling lrScaling) {
    this(mode, transport, batchSize, epochs, logEverySteps, lrScaling, null);
  }

  /** Synchronous gradient averaging through the driver, without learning-rate scaling. */
  public static TrainingSpec syncGradient(int batchSizePerWorker, int epochs) {
    return new TrainingSpec(TrainingMode.SYNC_GRADIENT, Transport.DRIVER, BatchSize.perWorker(batchSizePerWorker),
        epochs, 100, LearningRateScaling.NONE);
  }

  /** This spec with another learning-rate scaling. */
  public TrainingSpec withLrScaling(LearningRateScaling scaling) {
    return new TrainingSpec(mode, transport, batchSize, epochs, logEverySteps, scaling, earlyStopping);
  }

  /** This spec with another batch size. */
  public TrainingSpec withBatchSize(BatchSize size) {
    return new TrainingSpec(mode, transport, size, epochs, logEverySteps, lrScaling, earlyStopping);
  }

  /** This spec stopping early as {@code stopping} says (null: never). */
  public TrainingSpec withEarlyStopping(EarlyStoppingSpec stopping) {
    return new TrainingSpec(mode, transport, batchSize, epochs, logEverySteps, lrScaling, stopping);
  }
}
