package io.sparktrain.kernels.optim;

/**
 * RMSProp, Tieleman &amp; Hinton 2012 (as DL4J's {@code RmsProp}):
 * {@code s = d s + (1-d) g^2; w -= lr * g / (sqrt(s) + eps)}. State: the running mean square.
 */
final class RmsPropUpdater implements Updater {
  private static final long serialVersionUID = 1L;
  private final float decay;
  private final float epsilon;

  RmsPropUpdater(double decay, double epsilon) {
    this.decay = (float) decay;
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
  public void update(float[] parameters, float[] gradient, float[] meanSquare, long step, double learningRate) {
    float lr = (float) learningRate;
    for (int i = 0; i < parameters.length; i++) {
      float g = gradient[i];
      float s = decay * meanSquare[i] + (1 - decay) * g * g;
      meanSquare[i] = s;
      parameters[i] -= lr * g / ((float) Math.sqrt(s) + epsilon);
    }
  }
}
