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
    this.optimizer = optimizer;
    this.parameters = initialParameters.clone();
    this.state = optimizer.newState();
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
