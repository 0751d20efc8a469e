package io.sparktrain.ps.shard;

/**
 * A step could not complete: a shard closed the connection, refused a frame, or did not answer
 * within the configured timeout. Retryable as a whole: the caller fails its barrier stage and the
 * driver restarts every shard and worker from the last completed step.
 */
public final class ShardTransportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what failed, which shard, and what to check */
  public ShardTransportException(String message) {
    super(message);
  }

  /** @param message what failed, which shard, and what to check */
  public ShardTransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
