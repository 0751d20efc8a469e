package io.sparktrain.kernels.optim;

import io.sparktrain.kernels.config.DecayUnit;

/** {@code base / (1 + decayRate * t)^power}, as DL4J's {@code InverseSchedule} (Caffe's {@code inv}). */
record InverseTimeDecay(double base, double decayRate, double power, DecayUnit unit) implements Schedule {

  @Override
  public double learningRate(long step, int epoch) {
    return base / Math.pow(1 + decayRate * unit.count(step, epoch), power);
  }
}
