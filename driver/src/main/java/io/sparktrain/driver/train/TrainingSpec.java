package io.sparktrain.driver.train;

import io.sparktrain.kernels.config.ConfigException;
import java.io.Serializable;

/**
 * How to run the training loop (YAML {@code training}).
 *
 * @param mode how results are combined
 * @param transport how they travel
 * @param batchSizePerWorker examples per worker per step ({@code b}); the global batch is {@code W*b}
 * @param epochs passes over the training data, &gt;= 1
 * @param logEverySteps how often progress is printed, in steps, &gt;= 1
 */
public record TrainingSpec(TrainingMode mode, Transport transport, int batchSizePerWorker, int epochs,
    int logEverySteps) implements Serializable {

  /** Validates every value. */
  public TrainingSpec {
    ConfigException.require(mode != null, "training.mode is required");
    ConfigException.require(transport != null, "training.transport is required");
    ConfigException.require(batchSizePerWorker >= 1,
        "training.batch-size-per-worker must be >= 1, got " + batchSizePerWorker);
    ConfigException.require(epochs >= 1, "training.epochs must be >= 1, got " + epochs);
    ConfigException.require(logEverySteps >= 1, "training.log-every-steps must be >= 1, got " + logEverySteps);
  }

  /** Synchronous gradient averaging through the driver. */
  public static TrainingSpec syncGradient(int batchSizePerWorker, int epochs) {
    return new TrainingSpec(TrainingMode.SYNC_GRADIENT, Transport.DRIVER, batchSizePerWorker, epochs, 100);
  }
}
