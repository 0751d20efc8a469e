package io.sparktrain.ps;

import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.kernels.train.GradientSum;

/**
 * A {@link ParameterServer} that lives in the calling JVM (the Spark driver, for the
 * {@code driver} transport). Not thread-safe.
 */
public final class InProcessParameterServer implements ParameterServer {
  private final OptimizerStep optimizer;
  private final float[] parameters;
  private final float[] state;
  private long step;

  /**
   * @param optimizer the update rule
   * @param initialParameters starting parameters (copied)
   */
  public InProcessParameterServer(OptimizerStep optimizer, float[] initialParameters) {
    this(optimizer, initialParameters, optimizer.newState(), 0);
  }

  /**
   * A server that continues from saved state, such as a checkpoint's.
   *
   * @param optimizer the update rule
   * @param parameters the parameters after {@code step} updates (copied)
   * @param state the optimizer state after {@code step} updates (copied); as long as
   *     {@code optimizer.newState()}
   * @param step updates applied so far, &gt;= 0
   */
  public InProcessParameterServer(OptimizerStep optimizer, float[] parameters, float[] state, long step) {
    if (state.length != optimizer.newState().length || step < 0) {
      throw new IllegalArgumentException("the optimizer needs a state of " + optimizer.newState().length
          + " values and a step >= 0, got " + state.length + " values at step " + step);
    }
    this.optimizer = optimizer;
    this.parameters = parameters.clone();
    this.state = state.clone();
    this.step = step;
  }

  @Override
  public float[] parameters() {
    return parameters.clone();
  }

  @Override
  public float[] updaterState() {
    return state.clone();
  }

  @Override
  public long step() {
    return step;
  }

  @Override
  public double apply(GradientSum combined, int epoch) {
    double rate = optimizer.learningRate(step, epoch);
    optimizer.apply(parameters, combined.meanGradient(), state, step, epoch);
    step++;
    return rate;
  }
}
