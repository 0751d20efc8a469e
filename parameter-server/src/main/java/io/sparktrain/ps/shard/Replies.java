package io.sparktrain.ps.shard;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for a reply up to the transport's timeout, in short waits with a check in between that
 * the caller still wants it: a Spark task whose stage failed elsewhere is killed by a flag, not an
 * interrupt, and must see that flag to end rather than wait out the timeout in a slot the retried
 * stage needs.
 */
final class Replies {
  /** The longest single wait between two checks. */
  static final long CHECK_MILLIS = 100;

  private Replies() {}

  /**
   * {@code future}'s value, waiting at most {@code timeout}, running {@code whileWaiting} every
   * {@link #CHECK_MILLIS} (it may throw to end the wait).
   */
  static <T> T await(CompletableFuture<T> future, Duration timeout, Runnable whileWaiting)
      throws TimeoutException, ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("no reply within " + timeout);
      }
      try {
        return future.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        whileWaiting.run();
      }
    }
  }
}
