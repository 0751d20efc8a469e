package io.sparktrain.driver.train;

import io.sparktrain.kernels.config.ConfigException;
import java.io.Serializable;

/**
 * The size of a step's mini-batch, given per worker (YAML {@code training.batch-size-per-worker},
 * {@code b}), for all workers together ({@code training.global-batch-size}, {@code W*b}, split
 * evenly across the {@code W} workers), or as the whole training set ({@code training.full-batch}:
 * one step per epoch, {@code b = ceil(N / W)}, so worker {@code k} holds examples
 * {@code [k*b, (k+1)*b)}).
 *
 * @param kind how {@code examples} is meant
 * @param examples the per-worker or the global batch size, &gt;= 1; 0 for a full batch
 */
public record BatchSize(Kind kind, int examples) implements Serializable {

  /** How a batch size is given. */
  public enum Kind {
    /** {@code examples} per worker. */
    PER_WORKER,
    /** {@code examples} across all workers. */
    GLOBAL,
    /** All training examples in one step. */
    FULL
  }

  /** Validates the size, naming its key. */
  public BatchSize {
    ConfigException.require(kind != null, "the kind of batch size is required");
    if (kind == Kind.FULL) {
      ConfigException.require(examples == 0, "training.full-batch takes no batch size, got " + examples);
    } else {
      ConfigException.require(examples >= 1, key(kind) + " must be >= 1, got " + examples);
    }
  }

  /** {@code b} examples per worker per step. */
  public static BatchSize perWorker(int examples) {
    return new BatchSize(Kind.PER_WORKER, examples);
  }

  /** {@code examples} per step across all workers; must divide evenly by the worker count. */
  public static BatchSize global(int examples) {
    return new BatchSize(Kind.GLOBAL, examples);
  }

  /** Full-batch gradient descent: every training example in each step, one step per epoch. */
  public static BatchSize full() {
    return new BatchSize(Kind.FULL, 0);
  }

  /**
   * The per-worker batch {@code b} with {@code workers} workers; for a full batch, which needs the
   * number of training examples, use {@link #examplesPerWorker(int, long)}.
   *
   * @throws ConfigException if a global batch does not divide evenly across the workers
   * @throws IllegalStateException for a full batch
   */
  public int examplesPerWorker(int workers) {
    return switch (kind) {
      case PER_WORKER -> examples;
      case GLOBAL -> {
        ConfigException.require(examples % workers == 0, "training.global-batch-size (" + examples
            + ") must be divisible by spark.workers (" + workers + "); use a multiple of " + workers
            + " or set training.batch-size-per-worker instead");
        yield examples / workers;
      }
      case FULL -> throw new IllegalStateException("a full batch depends on the number of training examples");
    };
  }

  /**
   * The per-worker batch {@code b} with {@code workers} workers and {@code trainingExamples}
   * training examples: {@code ceil(N / W)} for a full batch (at least 1), else as
   * {@link #examplesPerWorker(int)}.
   */
  public int examplesPerWorker(int workers, long trainingExamples) {
    if (kind != Kind.FULL) {
      return examplesPerWorker(workers);
    }
    long perWorker = Math.max(1, (trainingExamples + workers - 1) / workers);
    ConfigException.require(perWorker <= Integer.MAX_VALUE, "training.full-batch needs " + perWorker
        + " examples per worker, more than one batch can hold; use more spark.workers");
    return (int) perWorker;
  }

  private static String key(Kind kind) {
    return kind == Kind.GLOBAL ? "training.global-batch-size" : "training.batch-size-per-worker";
  }
}
