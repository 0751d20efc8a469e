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
    float[] state = new float[updater.stateSize(layout.size())];
    updater.initialize(state);
    return state;
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
    double rate = schedule.learningRate(step, epoch);
    java.util.Arrays.fill(meanGradient, 0, frozen, 0f);
    float[] statistics = takeStatistics(meanGradient);
    clip(meanGradient);
    addPenalties(parameters, meanGradient);
    decayWeights(parameters, rate);
    updater.update(parameters, meanGradient, state, step, rate);
    updateStatistics(parameters, statistics);
  }

  /**
   * Moves the running-statistic entries out of the gradient, leaving zeros: a zero adds nothing to
   * the clipping norm, statistics are not weights so take no penalty or decay, and every updater
   * moves a parameter whose gradient has always been 0 by 0.
   */
  private float[] takeStatistics(float[] gradient) {
    float[] decrements = new float[statisticCount];
    int next = 0;
    for (int[] range : layout.statisticRanges()) {
      for (int i = range[0]; i < range[0] + range[1]; i++) {
        decrements[next++] = gradient[i];
        gradient[i] = 0f;
      }
    }
    return decrements;
  }

  private void updateStatistics(float[] parameters, float[] decrements) {
    int next = 0;
    for (int[] range : layout.statisticRanges()) {
      for (int i = range[0]; i < range[0] + range[1]; i++) {
        parameters[i] -= decrements[next++];
      }
    }
  }

  private void clip(float[] gradient) {
    float limit = (float) regularization.clipValue();
    if (limit > 0) {
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] = Math.max(-limit, Math.min(limit, gradient[i]));
      }
    }
    double maxNorm = regularization.clipNorm();
    if (maxNorm > 0) {
      double squares = 0;
      for (float g : gradient) {
        squares += (double) g * g;
      }
      double norm = Math.sqrt(squares);
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
  private void decayWeights(float[] parameters, double rate) {
    if (regularization.weightDecay() == 0) {
      return;
    }
    float keep = (float) (1 - rate * regularization.weightDecay());
    for (int[] range : layout.weightRanges()) {
      for (int i = Math.max(frozen, range[0]); i < range[0] + range[1]; i++) {
        parameters[i] *= keep;
      }
    }
  }

  private void addPenalties(float[] parameters, float[] gradient) {
    float l1 = (float) regularization.l1();
    float l2 = (float) regularization.l2();
    if (l1 == 0 && l2 == 0) {
      return;
    }
    for (int[] range : layout.weightRanges()) {
      for (int i = Math.max(frozen, range[0]); i < range[0] + range[1]; i++) {
        gradient[i] += l2 * parameters[i] + l1 * Math.signum(parameters[i]);
      }
    }
  }
}
