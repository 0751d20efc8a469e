package io.sparktrain.ps.shard;

import io.sparktrain.kernels.optim.OptimizerStep;
import java.util.Arrays;

/**
 * The arithmetic and step bookkeeping of one shard, without networking; confined to the shard's
 * event-loop thread. Step {@code t} goes through two phases:
 *
 * <ol>
 *   <li>Collecting: each of the {@code W} workers pushes its slice once. When the last arrives,
 *       the slices are summed in worker order (so the float result does not depend on arrival
 *       order, and equals {@code GradientSum.add} over workers 0..W-1), divided by the total
 *       example count, and prepared by {@link OptimizerStep#prepareSlice}, which yields the
 *       slice's squared norm.
 *   <li>Pulling: the first pull for {@code t} brings the global squared norm (summed by the
 *       worker over every shard's reply), applies the one update of step {@code t} and moves on
 *       to collecting {@code t + 1}; every pull of {@code t} is served the same updated slice.
 *       A pull of {@code t} cannot arrive after the pushes of {@code t + 1} completed, since each
 *       worker pushes {@code t + 1} only after pulling every slice of {@code t}.
 * </ol>
 */
final class ShardCore {
  private final int workers;
  private final int offset;
  private final OptimizerStep optimizer;
  private final int shard;
  private final float[] parameters;
  private final float[] state;
  private final float[][] pushes;
  private final boolean[] pushed;
  private int arrived;
  private long collecting;
  private int epoch;
  private long examples;
  private double lossSum;
  private float[] meanGradient;
  private double sliceSquaredNorm;
  private double appliedNorm = Double.NaN;
  /** Pulls served of the last applied step, {@code collecting - 1}. */
  private int appliedPulls;

  /**
   * Shard {@code shard} before step {@code step}, owning {@code parameters} and {@code state} (its
   * slices of the parameters and of the optimizer state) from now on.
   */
  ShardCore(SliceLayout layout, OptimizerStep optimizer, int shard, long step, float[] parameters, float[] state) {
    this.workers = layout.slices();
    this.shard = shard;
    this.offset = layout.offset(shard);
    this.optimizer = optimizer;
    this.parameters = parameters;
    this.state = state;
    if (parameters.length != layout.length(shard)) {
      throw new IllegalArgumentException("shard " + shard + " owns " + layout.length(shard)
          + " parameters, its snapshot has " + parameters.length);
    }
    if (state.length != optimizer.sliceStateLength(parameters.length)) {
      throw new IllegalArgumentException("shard " + shard + " needs " + optimizer.sliceStateLength(parameters.length)
          + " state floats, its snapshot has " + state.length);
    }
    this.pushes = new float[workers][parameters.length];
    this.pushed = new boolean[workers];
    this.collecting = step;
  }

  int shard() {
    return shard;
  }

  /** The step whose pushes are being collected. */
  long collecting() {
    return collecting;
  }

  /** Whether every worker has pushed step {@link #collecting}. */
  boolean complete() {
    return arrived == workers;
  }

  /**
   * The buffer for worker {@code worker}'s slice of {@code step}, after checking the push is
   * expected; the decoder overwrites all of it, and {@link #accept} must follow once it is filled.
   */
  float[] pushBuffer(int worker, long step, int pushEpoch) {
    if (step != collecting || complete()) {
      throw new FrameException("PUSH for step " + step + " while shard " + shard + " collects step "
          + (complete() ? collecting + 1 : collecting));
    }
    if (pushed[worker]) {
      throw new FrameException("second PUSH of step " + step + " from worker " + worker);
    }
    if (arrived > 0 && pushEpoch != epoch) {
      throw new FrameException("PUSH of step " + step + " says epoch " + pushEpoch + ", other workers said " + epoch);
    }
    return pushes[worker];
  }

  /**
   * Records worker {@code worker}'s push; returns whether it was the last of the step.
   *
   * @throws IllegalStateException when the step is complete but no worker had an example: the
   *     step cannot be applied, and the shard fails every worker
   */
  boolean accept(int worker, int pushEpoch, long pushExamples, double pushLossSum) {
    if (pushExamples < 0) {
      throw new FrameException("PUSH example count must be >= 0, got " + pushExamples);
    }
    pushed[worker] = true;
    arrived++;
    epoch = pushEpoch;
    examples += pushExamples;
    lossSum += pushLossSum;
    if (!complete()) {
      return false;
    }
    if (examples == 0) {
      throw new IllegalStateException("no worker contributed an example to step " + collecting
          + "; every step needs at least one example");
    }
    // Summed in place into worker 0's buffer, which is next written by worker 0's push of the next
    // step: after this step is applied.
    float[] sum = pushes[0];
    for (int w = 1; w < workers; w++) {
      float[] theirs = pushes[w];
      for (int i = 0; i < sum.length; i++) {
        sum[i] += theirs[i];
      }
    }
    float scale = (float) (1.0 / examples);
    for (int i = 0; i < sum.length; i++) {
      sum[i] *= scale;
    }
    sliceSquaredNorm = optimizer.prepareSlice(sum, offset);
    meanGradient = sum;
    return true;
  }

  double sliceSquaredNorm() {
    return sliceSquaredNorm;
  }

  long examples() {
    return examples;
  }

  double lossSum() {
    return lossSum;
  }

  /**
   * The updated slice for a pull of {@code step} with the workers' global squared norm, applying
   * the update on the first pull. The array is the shard's own: encode it before the next step.
   */
  float[] pull(long step, double globalSquaredNorm) {
    if (step == collecting && complete()) {
      optimizer.applySlice(parameters, meanGradient, state, offset, globalSquaredNorm, step, epoch);
      appliedNorm = globalSquaredNorm;
      appliedPulls = 1;
      collecting++;
      Arrays.fill(pushed, false);
      arrived = 0;
      examples = 0;
      lossSum = 0;
      meanGradient = null;
      return parameters;
    }
    if (step == collecting - 1 && !Double.isNaN(appliedNorm)) {
      if (Double.doubleToLongBits(globalSquaredNorm) != Double.doubleToLongBits(appliedNorm)) {
        throw new FrameException("PULL of step " + step + " brings squared norm " + globalSquaredNorm
            + ", the step was applied with " + appliedNorm);
      }
      appliedPulls++;
      return parameters;
    }
    throw new FrameException("PULL for step " + step + " while shard " + shard + " collects step " + collecting
        + " with " + arrived + " of " + workers + " pushes");
  }

  /**
   * The slice as it is after step {@code step}, for a worker about to take part in the next step
   * (before it pushes, so the next step cannot have been applied). The array is the shard's own:
   * encode it before the next step.
   */
  float[] current(long step) {
    if (step != collecting - 1) {
      throw new FrameException("PARAMS after step " + step + " while shard " + shard + " is before step " + collecting);
    }
    return parameters;
  }

  /** The slice's parameters, the shard's own array: read it between steps only. */
  float[] parameters() {
    return parameters;
  }

  /** The slice's optimizer state, the shard's own array: read it between steps only. */
  float[] state() {
    return state;
  }

  /** Whether step {@code step} is applied and every worker has pulled its slice of it. */
  boolean pulledByAll(long step) {
    return step == collecting - 1 && appliedPulls >= workers;
  }

  ShardSnapshot snapshot() {
    return new ShardSnapshot(shard, collecting, parameters, state);
  }
}
