package io.sparktrain.kernels.optim;

import io.sparktrain.kernels.config.DecayUnit;

/** {@code base * decayRate^t}, as DL4J's {@code ExponentialSchedule}. */
record ExponentialDecay(double base, double decayRate, DecayUnit unit) implements Schedule {

  @Override
  public double learningRate(long step, int epoch) {
    return base * Math.pow(decayRate, unit.count(step, epoch));
  }
}
