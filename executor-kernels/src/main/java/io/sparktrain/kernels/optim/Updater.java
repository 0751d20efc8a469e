package io.sparktrain.kernels.optim;

import java.io.Serializable;

/**
 * Optimizer math on flat buffers: one update of the parameters from a gradient, with the
 * optimizer's own state (moments, velocities) in a flat buffer beside them.
 *
 * <p>Order of calls: {@link #stateSize} and {@link #initialize} once to make the state buffer,
 * then {@link #update} once per training step with steps 0, 1, 2, ... The same code runs in unit
 * tests, the reference trainer, on the driver and on parameter-server shards, and works on any
 * contiguous slice of the parameter vector (each element's update depends only on that element).
 * Implementations are stateless and thread-safe; all state lives in the buffer.
 */
public interface Updater extends Serializable {

  /** Number of state floats needed for {@code parameters} parameters. */
  int stateSize(int parameters);

  /** Sets the initial state in a new, zero-filled buffer; zero unless an optimizer says otherwise. */
  default void initialize(float[] state) {}

  /**
   * Applies one step in place.
   *
   * @param parameters updated in place
   * @param gradient mean gradient of the loss, same length; left unchanged
   * @param state the optimizer state, {@link #stateSize} floats; updated in place
   * @param step zero-based index of this step (Adam's bias correction uses {@code step + 1})
   * @param learningRate the rate in force for this step
   */
  void update(float[] parameters, float[] gradient, float[] state, long step, double learningRate);
}
