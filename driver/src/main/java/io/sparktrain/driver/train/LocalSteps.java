package io.sparktrain.driver.train;

import java.io.Serializable;

/**
 * Which steps one round of {@code param-averaging} covers: steps {@code [first, first + count)} of
 * {@code epoch}, the first of them global step {@code firstGlobalStep}.
 *
 * @param epoch zero-based epoch
 * @param first zero-based step within the epoch where the round starts
 * @param count local steps in the round, &gt;= 1
 * @param firstGlobalStep the global index of step {@code first}: the clock of the schedule, the
 *     updater and the dropout seed
 */
record LocalSteps(int epoch, int first, int count, long firstGlobalStep) implements Serializable {

  /** The global index of local step {@code j} of the round. */
  long globalStep(int j) {
    return firstGlobalStep + j;
  }
}
