package io.sparktrain.kernels.optim;

import io.sparktrain.kernels.config.DecayUnit;

/** {@code base * decayRate^floor(t / every)}, as DL4J's {@code StepSchedule}. */
record StepDecay(double base, double decayRate, int every, DecayUnit unit) implements Schedule {

  @Override
  public double learningRate(long step, int epoch) {
    return base * Math.pow(decayRate, unit.count(step, epoch) / every);
  }
}
