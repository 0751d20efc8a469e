package io.sparktrain.kernels.optim;

/**
 * {@code minRate + (base - minRate) * (1 - step / steps)^power}, held at {@code minRate} from
 * {@code steps} on.
 */
record PolynomialDecay(double base, double minRate, double power, long steps) implements Schedule {

  @Override
  public double learningRate(long step, int epoch) {
    double remaining = 1 - (double) Math.min(step, steps) / steps;
    return minRate + (base - minRate) * Math.pow(remaining, power);
  }
}
