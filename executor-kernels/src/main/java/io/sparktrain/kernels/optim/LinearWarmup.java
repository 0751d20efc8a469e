package io.sparktrain.kernels.optim;

/**
 * A linear ramp over the first {@code steps} steps into {@code after}, whose step clock starts when
 * the ramp ends: step {@code k < steps} runs at {@code startFactor + (1 - startFactor) * (k + 1) / steps}
 * times {@code after}'s rate at step 0. With {@code startFactor = 0} the ramp is DL4J's
 * {@code RampSchedule}.
 */
record LinearWarmup(Schedule after, int steps, double startFactor) implements Schedule {

  @Override
  public double learningRate(long step, int epoch) {
    if (step >= steps) {
      return after.learningRate(step - steps, epoch);
    }
    return after.learningRate(0, epoch) * (startFactor + (1 - startFactor) * (step + 1) / steps);
  }
}
