package io.sparktrain.kernels.optim;

/** Plain gradient descent: {@code w -= lr * g}. No state. */
final class SgdUpdater implements Updater {
  private static final long serialVersionUID = 1L;

  @Override
  public int stateSize(int parameters) {
    return 0;
  }

  @Override
  public void update(float[] parameters, float[] gradient, float[] state, long step, double learningRate) {
    float lr = (float) learningRate;
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] -= lr * gradient[i];
    }
  }
}
