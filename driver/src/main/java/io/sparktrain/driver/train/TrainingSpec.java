package io.sparktrain.driver.train;

import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.ps.shard.Compression;
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
 * @param averaging the local steps per round and the updater-state rule of {@code param-averaging};
 *     required with that mode, and null with {@code sync-gradient}, which takes no such settings
 * @param earlyStopping when to stop before {@code epochs} on the validation split, or null to
 *     run every epoch
 * @param compression how {@code sharded-ps} workers compress the gradients they push;
 *     {@link Compression#NONE} with any other transport
 */
public record TrainingSpec(TrainingMode mode, Transport transport, BatchSize batchSize, int epochs,
    int logEverySteps, LearningRateScaling lrScaling, AveragingSpec averaging, EarlyStoppingSpec earlyStopping,
    Compression compression) implements Serializable {

  /**
   * Validates every value, that the averaging settings come with {@code param-averaging} only, and
   * that {@code sharded-ps} runs {@code sync-gradient} and is the only transport with compression.
   */
  public TrainingSpec {
    ConfigException.require(mode != null, "training.mode is required");
    ConfigException.require(transport != null, "training.transport is required");
    ConfigException.require(batchSize != null,
        "training.batch-size-per-worker or training.global-batch-size is required");
    ConfigException.require(epochs >= 1, "training.epochs must be >= 1, got " + epochs);
    ConfigException.require(logEverySteps >= 1, "training.log-every-steps must be >= 1, got " + logEverySteps);
    ConfigException.require(lrScaling != null, "training.lr-scaling is required");
    ConfigException.require(mode != TrainingMode.PARAM_AVERAGING || averaging != null,
        "training.mode param-averaging needs training.averaging-frequency and training.average-updater-state"
            + " (AveragingSpec.defaults() for the defaults)");
    ConfigException.require(mode == TrainingMode.PARAM_AVERAGING || averaging == null,
        "training.averaging-frequency and training.average-updater-state apply only to training.mode"
            + " param-averaging, got training.mode sync-gradient");
    ConfigException.require(transport != Transport.SHARDED_PS || mode == TrainingMode.SYNC_GRADIENT,
        "training.transport sharded-ps runs training.mode sync-gradient only, got training.mode param-averaging;"
            + " use training.transport: driver with param-averaging");
    ConfigException.require(compression != null, "training.compression is required (Compression.NONE for none)");
    ConfigException.require(compression.kind() == Compression.Kind.NONE || transport == Transport.SHARDED_PS,
        "training.compression applies only to training.transport sharded-ps, got training.transport driver;"
            + " remove it or set training.transport: sharded-ps");
  }

  /** A spec without compression, which every transport but {@code sharded-ps} needs. */
  public TrainingSpec(TrainingMode mode, Transport transport, BatchSize batchSize, int epochs, int logEverySteps,
      LearningRateScaling lrScaling, AveragingSpec averaging, EarlyStoppingSpec earlyStopping) {
    this(mode, transport, batchSize, epochs, logEverySteps, lrScaling, averaging, earlyStopping, Compression.NONE);
  }

  /** A synchronous-gradient spec that runs every epoch (no early stopping). */
  public TrainingSpec(TrainingMode mode, Transport transport, BatchSize batchSize, int epochs, int logEverySteps,
      LearningRateScaling lrScaling) {
    this(mode, transport, batchSize, epochs, logEverySteps, lrScaling, null, null);
  }

  /** Synchronous gradient averaging through the driver, without learning-rate scaling. */
  public static TrainingSpec syncGradient(int batchSizePerWorker, int epochs) {
    return new TrainingSpec(TrainingMode.SYNC_GRADIENT, Transport.DRIVER, BatchSize.perWorker(batchSizePerWorker),
        epochs, 100, LearningRateScaling.NONE);
  }

  /** Local SGD with parameter averaging through the driver, without learning-rate scaling. */
  public static TrainingSpec paramAveraging(int batchSizePerWorker, int epochs, AveragingSpec averaging) {
    return new TrainingSpec(TrainingMode.PARAM_AVERAGING, Transport.DRIVER,
        BatchSize.perWorker(batchSizePerWorker), epochs, 100, LearningRateScaling.NONE, averaging, null);
  }

  /** This spec with another learning-rate scaling. */
  public TrainingSpec withLrScaling(LearningRateScaling scaling) {
    return new TrainingSpec(mode, transport, batchSize, epochs, logEverySteps, scaling, averaging, earlyStopping,
        compression);
  }

  /** This spec with another batch size. */
  public TrainingSpec withBatchSize(BatchSize size) {
    return new TrainingSpec(mode, transport, size, epochs, logEverySteps, lrScaling, averaging, earlyStopping,
        compression);
  }

  /** This spec stopping early as {@code stopping} says (null: never). */
  public TrainingSpec withEarlyStopping(EarlyStoppingSpec stopping) {
    return new TrainingSpec(mode, transport, batchSize, epochs, logEverySteps, lrScaling, averaging, stopping,
        compression);
  }

  /** This spec over another transport, with gradients pushed as {@code compressed} says. */
  public TrainingSpec withTransport(Transport other, Compression compressed) {
    return new TrainingSpec(mode, other, batchSize, epochs, logEverySteps, lrScaling, averaging, earlyStopping,
        compressed);
  }
}
