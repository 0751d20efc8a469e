package io.sparktrain.kernels.optim;

import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.ScheduleSpec;

/** Creates the {@link Schedule} that a {@link ScheduleSpec} describes, for one run. */
public final class Schedules {
  private Schedules() {}

  /**
   * The schedule for a run; {@link ScheduleSpec} defines the rates.
   *
   * @param spec type, hyperparameters and warmup
   * @param baseRate the rate the schedule shapes, &gt; 0 and above {@code spec.minRate()}
   * @param totalSteps optimizer steps in the run, &gt;= 1
   * @throws ConfigException if the warmup is not shorter than the run
   */
  public static Schedule create(ScheduleSpec spec, double baseRate, long totalSteps) {
    if (totalSteps < 1) {
      throw new IllegalArgumentException("a run has at least one step, got " + totalSteps);
    }
    int warmup = spec.warmupSteps();
    ConfigException.require(warmup < totalSteps, "schedule.warmup-steps must be less than the run's "
        + totalSteps + " steps (steps per epoch x training.epochs), got " + warmup);
    long decaySteps = totalSteps - warmup;
    Schedule decay = switch (spec.type()) {
      case FIXED -> new Schedule.Fixed(baseRate);
      case EXPONENTIAL -> new ExponentialDecay(baseRate, spec.decayRate(), spec.decayUnit());
      case STEP -> new StepDecay(baseRate, spec.decayRate(), spec.decayEvery(), spec.decayUnit());
      case INVERSE_TIME -> new InverseTimeDecay(baseRate, spec.decayRate(), spec.power(), spec.decayUnit());
      case POLYNOMIAL -> new PolynomialDecay(baseRate, spec.minRate(), spec.power(), decaySteps);
      case COSINE -> new CosineDecay(baseRate, spec.minRate(), decaySteps);
    };
    return warmup == 0 ? decay : new LinearWarmup(decay, warmup, spec.warmupStartFactor());
  }
}
