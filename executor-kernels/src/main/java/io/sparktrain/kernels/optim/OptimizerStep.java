package io.sparktrain.kernels.optim;

import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.model.ParameterLayout;
import java.io.Serializable;

/**
 * One optimizer step from a combined mean gradient, in the order {@link RegularizationSpec}
 * gives: clip, add the L1/L2 terms of the weights, shrink the weights by decoupled weight decay,
 * then let the {@link Updater} apply the learning rate from the {@link Schedule}. Batch
 * normalization's running statistics ({@link ParameterLayout#statisticRanges}) take no part in
 * any of that: their entries of the mean gradient are the decrements of the running estimates,
 * subtracted as they are, which is what DL4J's own fit does with its no-op updater for them. The parameter
 * server and the reference trainer both call this, which is what makes them agree. Immutable and
 * thread-safe; the state buffer is the caller's.
 */
public final class OptimizerStep implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Updater updater;
  private final Schedule schedule;
  private final RegularizationSpec regularization;
  private final ParameterLayout layout;
  private final int frozen;
  private final int statisticCount;

  /**
   * @param optimizer which updater and its hyperparameters
   * @param schedule learning rate per step
   * @param regularization L1/L2 on the weights
   * @param layout where the weights are in the flat vector
   */
  public OptimizerStep(OptimizerSpec optimizer, Schedule schedule, RegularizationSpec regularization,
      ParameterLayout layout) {
    this(optimizer, schedule, regularization, layout, 0);
  }

  /**
   * A step that leaves the first {@code frozenLayers} layers' parameters bitwise unchanged: their
   * gradient is zeroed and no penalty or decay touches them, so every updater moves them by 0.
   */
  public OptimizerStep(OptimizerSpec optimizer, Schedule schedule, RegularizationSpec regularization,
      ParameterLayout layout, int frozenLayers) {
    this.updater = Updaters.create(optimizer);
    this.schedule = schedule;
    this.regularization = regularization;
    this.layout = layout;
    this.frozen = layout.prefixOf(frozenLayers);
    this.statisticCount = layout.statisticCount();
  }

  /** A new, initialized optimizer state buffer for {@link #apply}. */
  public float[] newState() {
    return newSliceState(layout.size());
  }

  /** A new, initialized optimizer state buffer for {@link #applySlice} on {@code length} parameters. */
  public float[] newSliceState(int length) {
    float[] state = new float[sliceStateLength(length)];
    updater.initialize(state);
    return state;
  }

  /** The floats of optimizer state {@link #applySlice} keeps for {@code length} parameters. */
  public int sliceStateLength(int length) {
    return updater.stateSize(length);
  }

  /** The learning rate used at {@code step}. */
  public double learningRate(long step, int epoch) {
    return schedule.learningRate(step, epoch);
  }

  /**
   * Updates {@code parameters} and {@code state} in place.
   *
   * @param meanGradient the combined mean gradient; regularization terms are added to it in place
   */
  public void apply(float[] parameters, float[] meanGradient, float[] state, long step, int epoch) {
    applySlice(parameters, meanGradient, state, 0, prepareSlice(meanGradient, 0), step, epoch);
  }

  /**
   * First half of a step on the contiguous slice that starts at {@code offset} of the flat
   * vector: zeroes the frozen part and clips by value, in place. Every updater and penalty is
   * elementwise, so slices can be stepped independently, except clipping by global norm, which
   * needs the whole gradient's norm: this returns the slice's squared L2 norm (0 when clipping by
   * norm is off) for the caller to sum over all slices and pass to {@link #applySlice}. Running
   * statistics are neither clipped nor counted in the norm.
   *
   * @param meanGradient the slice of the combined mean gradient, changed in place
   * @return the squared L2 norm of the prepared slice, or 0 when {@code clipNorm} is off
   */
  public double prepareSlice(float[] meanGradient, int offset) {
    java.util.Arrays.fill(meanGradient, 0, Math.max(0, Math.min(meanGradient.length, frozen - offset)), 0f);
    int[] statistics = statisticsIn(offset, meanGradient.length);
    float[] decrements = take(meanGradient, statistics);
    float limit = (float) regularization.clipValue();
    if (limit > 0) {
      for (int i = 0; i < meanGradient.length; i++) {
        meanGradient[i] = Math.max(-limit, Math.min(limit, meanGradient[i]));
      }
    }
    double squares = 0;
    if (regularization.clipNorm() > 0) {
      for (float g : meanGradient) {
        squares += (double) g * g;
      }
    }
    for (int k = 0; k < statistics.length; k++) {
      meanGradient[statistics[k]] = decrements[k];
    }
    return squares;
  }

  /**
   * Second half of a step on a slice prepared by {@link #prepareSlice}: clips by global norm,
   * adds the penalties of the weights in the slice, decays them, lets the updater step, and
   * subtracts the running statistics' decrements. Applied to every slice of a partition with the
   * same {@code squaredNorm}, this equals {@link #apply} on the whole vector.
   *
   * @param parameters the slice's parameters, updated in place
   * @param meanGradient the prepared slice of the mean gradient; penalties are added in place
   * @param state the slice's own state buffer, from {@link #newSliceState}
   * @param offset index of the slice's first element in the flat vector
   * @param squaredNorm the sum over all slices of {@link #prepareSlice}'s results
   */
  public void applySlice(float[] parameters, float[] meanGradient, float[] state, int offset,
      double squaredNorm, long step, int epoch) {
    double rate = schedule.learningRate(step, epoch);
    int[] statistics = statisticsIn(offset, meanGradient.length);
    float[] decrements = take(meanGradient, statistics);
    clipToNorm(meanGradient, squaredNorm);
    addPenalties(parameters, meanGradient, offset);
    decayWeights(parameters, rate, offset);
    updater.update(parameters, meanGradient, state, step, rate);
    for (int k = 0; k < statistics.length; k++) {
      parameters[statistics[k]] -= decrements[k];
    }
  }

  /** Slice-local indices of the running-statistic entries in {@code [offset, offset + length)}. */
  private int[] statisticsIn(int offset, int length) {
    if (statisticCount == 0) {
      return new int[0];
    }
    java.util.stream.IntStream.Builder indices = java.util.stream.IntStream.builder();
    for (int[] range : layout.statisticRanges()) {
      int end = Math.min(range[0] + range[1], offset + length);
      for (int i = Math.max(range[0], offset); i < end; i++) {
        indices.add(i - offset);
      }
    }
    return indices.build().toArray();
  }

  /**
   * Moves the running-statistic entries out of the gradient, leaving zeros: a zero adds nothing to
   * the clipping norm, statistics are not weights so take no penalty or decay, and every updater
   * moves a parameter whose gradient has always been 0 by 0.
   */
  private static float[] take(float[] gradient, int[] statistics) {
    float[] taken = new float[statistics.length];
    for (int k = 0; k < statistics.length; k++) {
      taken[k] = gradient[statistics[k]];
      gradient[statistics[k]] = 0f;
    }
    return taken;
  }

  private void clipToNorm(float[] gradient, double squaredNorm) {
    double maxNorm = regularization.clipNorm();
    if (maxNorm > 0) {
      double norm = Math.sqrt(squaredNorm);
      if (norm > maxNorm) {
        float scale = (float) (maxNorm / norm);
        for (int i = 0; i < gradient.length; i++) {
          gradient[i] *= scale;
        }
      }
    }
  }

  /**
   * {@code w *= 1 - lr * decay} before the update equals DL4J's post-updater
   * {@code update += lr * decay * w}, since no updater's step depends on {@code w}.
   */
  private void decayWeights(float[] parameters, double rate, int offset) {
    if (regularization.weightDecay() == 0) {
      return;
    }
    float keep = (float) (1 - rate * regularization.weightDecay());
    for (int[] range : layout.weightRanges()) {
      int end = Math.min(range[0] + range[1], offset + parameters.length);
      for (int i = Math.max(Math.max(frozen, range[0]), offset); i < end; i++) {
        parameters[i - offset] *= keep;
      }
    }
  }

  private void addPenalties(float[] parameters, float[] gradient, int offset) {
    float l1 = (float) regularization.l1();
    float l2 = (float) regularization.l2();
    if (l1 == 0 && l2 == 0) {
      return;
    }
    for (int[] range : layout.weightRanges()) {
      int end = Math.min(range[0] + range[1], offset + parameters.length);
      for (int i = Math.max(Math.max(frozen, range[0]), offset); i < end; i++) {
        gradient[i - offset] += l2 * parameters[i - offset] + l1 * Math.signum(parameters[i - offset]);
      }
    }
  }
}
