package io.sparktrain.kernels.optim;

/**
 * Nesterov momentum in the form of Sutskever et al. 2013 (and DL4J's {@code Nesterovs}):
 * {@code v' = mu * v - lr * g; w += -mu * v + (1 + mu) * v'}. State: the velocity.
 */
final class NesterovUpdater implements Updater {
  private static final long serialVersionUID = 1L;
  private final float momentum;

  NesterovUpdater(double momentum) {
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
      float previous = velocity[i];
      float v = momentum * previous - lr * gradient[i];
      velocity[i] = v;
      parameters[i] += (1 + momentum) * v - momentum * previous;
    }
  }
}
