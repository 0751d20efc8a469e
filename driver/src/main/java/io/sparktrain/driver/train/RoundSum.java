package io.sparktrain.driver.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What the workers' local steps in one round of {@code param-averaging} add up to: the sum of
 * their final parameters weighted by the examples each trained on in the round, the same sum of
 * their updater states (when the states are averaged) or each worker's own state (when they are
 * not), and each local step's summed loss and example count. Partial results from several
 * workers combine exactly by addition, as {@link io.sparktrain.kernels.train.GradientSum}s do, and
 * the averages are taken once on the driver. A worker that trained on no examples in the round
 * has weight 0. A worker whose loss or gradient was not finite reports the first such step
 * instead, and the earliest report wins.
 *
 * <p>Public only so that Kryo can register it; mutable and not thread-safe: {@link #combine}
 * merges in place.
 */
public final class RoundSum implements Serializable {
  private static final long serialVersionUID = 1L;
  private float[] parameterSum;
  private float[] stateSum;
  private float[][] states;
  private double[] lossSums;
  private long[] counts;
  private long examples;
  private long divergedStep = -1;
  private String divergence;

  /** A sum over no workers: the zero of the aggregation. */
  RoundSum() {}

  /**
   * One worker's round.
   *
   * @param worker the worker's index
   * @param workers the number of workers
   * @param parameters the worker's parameters after its local steps (owned from now on)
   * @param state its updater state after them (owned from now on)
   * @param averageState whether states are averaged (weighted into the sum) or kept per worker
   * @param lossSums the summed loss of each local step's examples (owned from now on)
   * @param counts the examples of each local step, 0 where the worker had none left
   */
  static RoundSum of(int worker, int workers, float[] parameters, float[] state, boolean averageState,
      double[] lossSums, long[] counts) {
    RoundSum sum = new RoundSum();
    sum.lossSums = lossSums;
    sum.counts = counts;
    sum.examples = Arrays.stream(counts).sum();
    if (sum.examples > 0) {
      sum.parameterSum = scaled(parameters, sum.examples);
      sum.stateSum = averageState ? scaled(state, sum.examples) : null;
    }
    if (!averageState) {
      sum.states = new float[workers][];
      sum.states[worker] = state;
    }
    return sum;
  }

  /** A worker's round that stopped at global step {@code step}, where {@code problem} was not finite. */
  static RoundSum diverged(long step, String problem) {
    RoundSum sum = new RoundSum();
    sum.divergedStep = step;
    sum.divergence = problem;
    return sum;
  }

  /** The sum of {@code a} and {@code b}, reusing the storage of either (both are consumed). */
  static RoundSum combine(RoundSum a, RoundSum b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    if (b.diverged() && (!a.diverged() || b.divergedStep < a.divergedStep)) {
      a.divergedStep = b.divergedStep;
      a.divergence = b.divergence;
    }
    if (a.lossSums == null) {
      a.lossSums = b.lossSums;
      a.counts = b.counts;
    } else if (b.lossSums != null) {
      for (int j = 0; j < a.lossSums.length; j++) {
        a.lossSums[j] += b.lossSums[j];
        a.counts[j] += b.counts[j];
      }
    }
    a.parameterSum = add(a.parameterSum, b.parameterSum);
    a.stateSum = add(a.stateSum, b.stateSum);
    if (a.states == null) {
      a.states = b.states;
    } else if (b.states != null) {
      for (int worker = 0; worker < a.states.length; worker++) {
        if (b.states[worker] != null) {
          a.states[worker] = b.states[worker];
        }
      }
    }
    a.examples += b.examples;
    return a;
  }

  /** Whether some worker's loss or gradient was not finite. */
  boolean diverged() {
    return divergedStep >= 0;
  }

  /** The earliest global step at which a worker's loss or gradient was not finite, if {@link #diverged}. */
  long divergedStep() {
    return divergedStep;
  }

  /** What was not finite at {@link #divergedStep}. */
  String divergence() {
    return divergence;
  }

  /** The summed loss of local step {@code j} over all workers. */
  double lossSum(int j) {
    return lossSums[j];
  }

  /** The examples of local step {@code j} over all workers. */
  long count(int j) {
    return counts[j];
  }

  /** The example-weighted mean of the workers' final parameters. */
  float[] meanParameters() {
    return mean(parameterSum);
  }

  /** The example-weighted mean of the workers' final updater states (when states are averaged). */
  float[] meanState() {
    return mean(stateSum);
  }

  /** Each worker's own final updater state, in worker order (when states are not averaged). */
  List<float[]> states() {
    return List.of(states);
  }

  private boolean isEmpty() {
    return lossSums == null && !diverged();
  }

  private float[] mean(float[] sum) {
    if (examples == 0) {
      throw new IllegalStateException("no worker trained on any example in this round");
    }
    float total = examples;
    float[] mean = new float[sum.length];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = sum[i] / total;
    }
    return mean;
  }

  private static float[] scaled(float[] values, long weight) {
    float factor = weight;
    for (int i = 0; i < values.length; i++) {
      values[i] *= factor;
    }
    return values;
  }

  private static float[] add(float[] sum, float[] other) {
    if (sum == null) {
      return other;
    }
    if (other != null) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += other[i];
      }
    }
    return sum;
  }
}
