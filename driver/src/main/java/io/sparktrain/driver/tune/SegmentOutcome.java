package io.sparktrain.driver.tune;

import io.sparktrain.driver.eval.Evaluation;
import java.io.Serializable;

/**
 * What one task sends back after training one trial (or one fold of it) for a segment of epochs:
 * the held-out evaluation after each epoch, the mean training loss of each epoch, the wall-clock
 * interval, and a failure message when training diverged. The parameters stay on the executor
 * (they go to the trial's state folder), so the result is small. A plain mutable class so that
 * Kryo can write it; treat a received one as read-only.
 */
public final class SegmentOutcome implements Serializable {
  private static final long serialVersionUID = 1L;
  int task;
  Evaluation[] evaluations;
  double[] trainLosses;
  long startMillis;
  long endMillis;
  String failure;

  SegmentOutcome() {}

  SegmentOutcome(int task, Evaluation[] evaluations, double[] trainLosses, long startMillis, long endMillis,
      String failure) {
    this.task = task;
    this.evaluations = evaluations;
    this.trainLosses = trainLosses;
    this.startMillis = startMillis;
    this.endMillis = endMillis;
    this.failure = failure;
  }

  /** The index of the task in its wave. */
  public int task() {
    return task;
  }

  /** The held-out evaluation after each trained epoch, in order; fewer than asked when training failed. */
  public Evaluation[] evaluations() {
    return evaluations;
  }

  /** The mean training loss of each trained epoch. */
  public double[] trainLosses() {
    return trainLosses;
  }

  /** When the task started training, in milliseconds since the epoch. */
  public long startMillis() {
    return startMillis;
  }

  /** When the task finished, in milliseconds since the epoch. */
  public long endMillis() {
    return endMillis;
  }

  /** Why training failed (diverged), or null when it did not. */
  public String failure() {
    return failure;
  }
}
