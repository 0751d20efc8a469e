package io.sparktrain.kernels.optim;

/**
 * {@code minRate + (base - minRate) * (1 + cos(pi * step / steps)) / 2}, held at {@code minRate}
 * from {@code steps} on (Loshchilov &amp; Hutter 2017, one cycle without restarts).
 */
record CosineDecay(double base, double minRate, long steps) implements Schedule {

  @Override
  public double learningRate(long step, int epoch) {
    double progress = (double) Math.min(step, steps) / steps;
    return minRate + (base - minRate) * (1 + Math.cos(Math.PI * progress)) / 2;
  }
}
