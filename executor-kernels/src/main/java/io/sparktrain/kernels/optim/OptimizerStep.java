package io.sparktrain.kernels.optim;

import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.model.ParameterLayout;
import java.io.Serializable;

/**
 * One optimizer step from a combined mean gradient: regularization terms are added to the weight
 * gradients, then the {@link Updater} applies the learning rate from the {@link Schedule}. The
 * parameter server and the reference trainer both call this, which is what makes them agree.
 * Immutable and thread-safe; the state buffer is the caller's.
 */
public final class OptimizerStep implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Updater updater;
  private final Schedule schedule;
  private final RegularizationSpec regularization;
  private final ParameterLayout layout;

  /**
   * @param optimizer which updater and its hyperparameters
   * @param schedule learning rate per step
   * @param regularization L1/L2 on the weights
   * @param layout where the weights are in the flat vector
   */
  public OptimizerStep(OptimizerSpec optimizer, Schedule schedule, RegularizationSpec regularization,
      ParameterLayout layout) {
    this.updater = Updaters.create(optimizer);
    this.schedule = schedule;
    this.regularization = regularization;
    this.layout = layout;
  }

  /** Size of the zero-initialized state buffer that {@link #apply} needs. */
  public int stateSize() {
    return updater.stateSize(layout.size());
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
    addRegularization(parameters, meanGradient);
    updater.update(parameters, meanGradient, state, step, schedule.learningRate(step, epoch));
  }

  private void addRegularization(float[] parameters, float[] gradient) {
    float l1 = (float) regularization.l1();
    float l2 = (float) regularization.l2();
    if (l1 == 0 && l2 == 0) {
      return;
    }
    for (int[] range : layout.weightRanges()) {
      for (int i = range[0]; i < range[0] + range[1]; i++) {
        gradient[i] += l2 * parameters[i] + l1 * Math.signum(parameters[i]);
      }
    }
  }
}
