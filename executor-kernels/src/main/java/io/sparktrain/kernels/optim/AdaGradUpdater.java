package io.sparktrain.kernels.optim;

/**
 * AdaGrad, Duchi et al. 2011 (as DL4J's {@code AdaGrad}):
 * {@code h += g^2; w -= lr * g / (sqrt(h) + eps)}. State: the sum of squared gradients, starting
 * at {@code eps}. (DL4J M2.1 starts it at its default epsilon, 1e-6, whatever epsilon is
 * configured; the two agree at that value.)
 */
final class AdaGradUpdater implements Updater {
  private static final long serialVersionUID = 1L;
  private final float epsilon;

  AdaGradUpdater(double epsilon) {
    this.epsilon = (float) epsilon;
  }

  @Override
  public int stateSize(int parameters) {
    return parameters;
  }

  /** Starts at epsilon rather than zero, as DL4J does, which bounds the first steps. */
  @Override
  public void initialize(float[] state) {
    java.util.Arrays.fill(state, epsilon);
  }

  @Override
  public void update(float[] parameters, float[] gradient, float[] squares, long step, double learningRate) {
    float lr = (float) learningRate;
    for (int i = 0; i < parameters.length; i++) {
      float g = gradient[i];
      float h = squares[i] + g * g;
      squares[i] = h;
      parameters[i] -= lr * g / ((float) Math.sqrt(h) + epsilon);
    }
  }
}
