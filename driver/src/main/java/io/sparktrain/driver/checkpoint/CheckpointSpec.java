package io.sparktrain.driver.checkpoint;

import io.sparktrain.kernels.config.ConfigException;

/**
 * When and where a run saves checkpoints (YAML {@code checkpoint}).
 *
 * @param dir the checkpoint folder, any Hadoop file system URI
 * @param everySteps save one after every {@code everySteps} global steps, &gt;= 0; 0 saves only at
 *     epoch ends (which are always saved)
 * @param keepLast how many of the newest checkpoints to keep, &gt;= 1
 */
public record CheckpointSpec(String dir, int everySteps, int keepLast) {
  /** The default of {@code checkpoint.every-steps}: epoch ends only. */
  public static final int DEFAULT_EVERY_STEPS = 0;
  /** The default of {@code checkpoint.keep-last}. */
  public static final int DEFAULT_KEEP_LAST = 3;

  /** Validates every value. */
  public CheckpointSpec {
    ConfigException.require(dir != null && !dir.isBlank(), "checkpoint.dir is required when checkpoint is set");
    ConfigException.require(everySteps >= 0, "checkpoint.every-steps must be >= 0 (0: at epoch ends only), got "
        + everySteps);
    ConfigException.require(keepLast >= 1, "checkpoint.keep-last must be >= 1, got " + keepLast);
  }
}
