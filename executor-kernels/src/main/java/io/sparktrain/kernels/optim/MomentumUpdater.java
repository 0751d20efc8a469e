package io.sparktrain.kernels.optim;

/**
 * Classical (heavy-ball) momentum, Polyak 1964: {@code v = mu * v - lr * g; w += v}.
 * State: the velocity {@code v}.
 */
final class MomentumUpdater implements Updater {
  private static final long serialVersionUID = 1L;
  private final float momentum;

  MomentumUpdater(double momentum) {
    this.momentum = (float) momentum;
  }

  @Override
  public int stateSize(int parameters) {
    return parameters;
  }

  @Override
  public void update(float[] parameters, float[] gradient, float[] velocity, long step, double learningRate) {
    float lr = (float) learningRate;
    for (int i = 0; i < parameters.length; i++) {
      float v = momentum * velocity[i] - lr * gradient[i];
      velocity[i] = v;
      parameters[i] += v;
    }
  }
}
