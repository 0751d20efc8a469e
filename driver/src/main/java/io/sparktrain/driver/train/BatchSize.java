package io.sparktrain.driver.train;

import io.sparktrain.kernels.config.ConfigException;
import java.io.Serializable;

/**
 * The size of a step's mini-batch, given per worker (YAML {@code training.batch-size-per-worker},
 * {@code b}) or for all workers together ({@code training.global-batch-size}, {@code W*b}, split
 * evenly across the {@code W} workers).
 *
 * @param examples the per-worker or the global batch size, &gt;= 1
 * @param isGlobal whether {@code examples} is the global batch size
 */
public record BatchSize(int examples, boolean isGlobal) implements Serializable {

  /** Validates the size, naming its key. */
  public BatchSize {
    ConfigException.require(examples >= 1, key(isGlobal) + " must be >= 1, got " + examples);
  }

  /** {@code b} examples per worker per step. */
  public static BatchSize perWorker(int examples) {
    return new BatchSize(examples, false);
  }

  /** {@code examples} per step across all workers; must divide evenly by the worker count. */
  public static BatchSize global(int examples) {
    return new BatchSize(examples, true);
  }

  /**
   * The per-worker batch {@code b} with {@code workers} workers.
   *
   * @throws ConfigException if a global batch does not divide evenly across the workers
   */
  public int examplesPerWorker(int workers) {
    if (!isGlobal) {
      return examples;
    }
    ConfigException.require(examples % workers == 0, "training.global-batch-size (" + examples
        + ") must be divisible by spark.workers (" + workers + "); use a multiple of " + workers
        + " or set training.batch-size-per-worker instead");
    return examples / workers;
  }

  private static String key(boolean global) {
    return global ? "training.global-batch-size" : "training.batch-size-per-worker";
  }
}
