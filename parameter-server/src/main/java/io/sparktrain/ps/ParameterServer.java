package io.sparktrain.ps;

import io.sparktrain.kernels.train.GradientSum;

/**
 * The parameter-server role: owns the master parameters and the optimizer state, takes one
 * combined gradient per training step, applies one update, and serves the new parameters.
 *
 * <p>Order of calls: {@link #parameters} to start the first step, then for each step one
 * {@link #apply} followed by {@link #parameters} for the next. Implementations need not be
 * thread-safe: the training loop calls them from one thread.
 */
public interface ParameterServer {

  /** A copy of the current parameters. */
  float[] parameters();

  /** A copy of the current optimizer state. */
  float[] updaterState();

  /** Number of updates applied so far; the index of the next step. */
  long step();

  /**
   * Applies one step from the gradients of all workers, combined by example count.
   *
   * @param combined sum of every worker's gradient sum; must cover at least one example
   * @param epoch the zero-based epoch of this step (for epoch-based schedules)
   * @return the learning rate that was applied
   */
  double apply(GradientSum combined, int epoch);
}
