package io.sparktrain.driver.train;

import java.io.Serializable;

/**
 * What one task of a {@code sharded-ps} epoch stage returns to the driver, a few dozen bytes: the
 * steps it ran and the bytes its worker exchanged with the shards in them. The shard's final
 * slices went to the driver's {@link io.sparktrain.ps.shard.ShardCoordinator}, the steps' losses
 * too (worker 0 reports them as they finish). When a step's loss or updated parameters were not
 * finite, the stage stopped after that step on every worker and {@link #divergence} says what.
 *
 * <p>Public only so that Kryo can register it; a plain class, not a record, because Kryo's field
 * serializer cannot set a record's final fields.
 */
public final class ShardOutcome implements Serializable {
  private static final long serialVersionUID = 2L;
  private int worker;
  private int steps;
  private long bytesSent;
  private long bytesReceived;
  private String divergence;

  /** For Kryo. */
  private ShardOutcome() {}

  /**
   * @param worker the worker, which is also the shard it hosted
   * @param steps steps run in the stage
   * @param bytesSent bytes this worker sent to the shards during the steps
   * @param bytesReceived bytes it received from them during the steps
   * @param divergence what was not finite in the last step, or null when every step was finite
   */
  ShardOutcome(int worker, int steps, long bytesSent, long bytesReceived, String divergence) {
    this.worker = worker;
    this.steps = steps;
    this.bytesSent = bytesSent;
    this.bytesReceived = bytesReceived;
    this.divergence = divergence;
  }

  int worker() {
    return worker;
  }

  /** Steps run in the stage. */
  int steps() {
    return steps;
  }

  long bytesSent() {
    return bytesSent;
  }

  long bytesReceived() {
    return bytesReceived;
  }

  /** What was not finite in the stage's last step, or null. */
  String divergence() {
    return divergence;
  }
}
