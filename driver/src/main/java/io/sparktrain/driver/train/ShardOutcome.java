package io.sparktrain.driver.train;

import java.io.Serializable;

/**
 * What one task of a {@code sharded-ps} epoch stage returns to the driver: its shard's slice of
 * the parameters and of the optimizer state after the stage's last step, each step's global
 * example count and mean loss (every worker learns the same from the shards; the driver reads
 * worker 0's), the seconds from the stage's first step to the end of each step, and the bytes the
 * worker exchanged with the shards in those steps. When a step's loss or updated parameters were
 * not finite, the stage stopped after that step on every worker and {@link #divergence} says what.
 *
 * <p>Public only so that Kryo can register it; a plain class, not a record, because Kryo's field
 * serializer cannot set a record's final fields.
 */
public final class ShardOutcome implements Serializable {
  private static final long serialVersionUID = 1L;
  private int worker;
  private long nextStep;
  private float[] parameters;
  private float[] updaterState;
  private double[] meanLosses;
  private long[] examples;
  private double[] seconds;
  private long bytesSent;
  private long bytesReceived;
  private String divergence;

  /** For Kryo. */
  private ShardOutcome() {}

  /**
   * @param worker the worker, which is also the shard it hosted
   * @param nextStep the shard's next global step after the stage
   * @param parameters the shard's parameter slice (owned from now on)
   * @param updaterState the shard's optimizer-state slice (owned from now on)
   * @param meanLosses each step's mean loss over all workers' examples
   * @param examples each step's example count over all workers
   * @param seconds seconds from the first step's start to each step's end, on this worker
   * @param bytesSent bytes this worker sent to the shards during the steps
   * @param bytesReceived bytes it received from them during the steps
   * @param divergence what was not finite in the last step, or null when every step was finite
   */
  ShardOutcome(int worker, long nextStep, float[] parameters, float[] updaterState, double[] meanLosses,
      long[] examples, double[] seconds, long bytesSent, long bytesReceived, String divergence) {
    this.worker = worker;
    this.nextStep = nextStep;
    this.parameters = parameters;
    this.updaterState = updaterState;
    this.meanLosses = meanLosses;
    this.examples = examples;
    this.seconds = seconds;
    this.bytesSent = bytesSent;
    this.bytesReceived = bytesReceived;
    this.divergence = divergence;
  }

  int worker() {
    return worker;
  }

  long nextStep() {
    return nextStep;
  }

  float[] parameters() {
    return parameters;
  }

  float[] updaterState() {
    return updaterState;
  }

  /** Steps run in the stage. */
  int steps() {
    return meanLosses.length;
  }

  double meanLoss(int step) {
    return meanLosses[step];
  }

  long examples(int step) {
    return examples[step];
  }

  double seconds(int step) {
    return seconds[step];
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
