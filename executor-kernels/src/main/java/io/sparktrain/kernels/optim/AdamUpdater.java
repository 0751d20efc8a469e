package io.sparktrain.kernels.optim;

/**
 * Adam, Kingma &amp; Ba 2014, with the bias correction folded into the step size as DL4J does:
 * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}, {@code t = step + 1}.
 * State: {@code m} in the first half of the buffer, {@code v} in the second.
 */
final class AdamUpdater implements Updater {
  private static final long serialVersionUID = 1L;
  private final double beta1;
  private final double beta2;
  private final float epsilon;

  AdamUpdater(double beta1, double beta2, double epsilon) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = (float) epsilon;
  }

  @Override
  public int stateSize(int parameters) {
    return 2 * parameters;
  }

  @Override
  public void update(float[] parameters, float[] gradient, float[] state, long step, double learningRate) {
    int n = parameters.length;
    double t = step + 1;
    float alpha = (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    for (int i = 0; i < n; i++) {
      float g = gradient[i];
      float m = b1 * state[i] + (1 - b1) * g;
      float v = b2 * state[n + i] + (1 - b2) * g * g;
      state[i] = m;
      state[n + i] = v;
      parameters[i] -= alpha * m / ((float) Math.sqrt(v) + epsilon);
    }
  }
}
