package io.sparktrain.kernels.optim;

import java.io.Serializable;

/**
 * The learning rate in force at a step. {@link Schedules} builds one from a
 * {@code ScheduleSpec}; implementations are immutable and thread-safe.
 */
public interface Schedule extends Serializable {

  /**
   * @param step zero-based global step
   * @param epoch zero-based epoch the step belongs to
   * @return the learning rate, &gt; 0
   */
  double learningRate(long step, int epoch);

  /** The same rate at every step. */
  record Fixed(double rate) implements Schedule {
    @Override
    public double learningRate(long step, int epoch) {
      return rate;
    }
  }
}
