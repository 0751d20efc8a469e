package io.sparktrain.kernels.config;

import java.io.Serializable;
import java.util.Locale;

/**
 * A learning-rate schedule (YAML {@code schedule}): its type, that type's hyperparameters, and an
 * optional linear warmup. The schedule shapes the base rate, {@code optimizer.learning-rate} (times
 * the worker count or its square root under the driver's {@code training.lr-scaling}). With
 * {@code t} the decay clock in {@link DecayUnit}s, {@code s} the step counted from the end of the
 * warmup and {@code S} the steps of the run after the warmup:
 * <ul>
 *   <li>{@code fixed}: {@code base}</li>
 *   <li>{@code exponential}: {@code base * decayRate^t}</li>
 *   <li>{@code step}: {@code base * decayRate^floor(t / decayEvery)}</li>
 *   <li>{@code inverse-time}: {@code base / (1 + decayRate * t)^power}</li>
 *   <li>{@code polynomial}: {@code minRate + (base - minRate) * (1 - s / S)^power}</li>
 *   <li>{@code cosine}: {@code minRate + (base - minRate) * (1 + cos(pi * s / S)) / 2}
 *       (Loshchilov &amp; Hutter 2017, without restarts)</li>
 * </ul>
 * Polynomial and cosine reach {@code minRate} at the end of the run: the last step runs just above
 * it, so that no step has a zero rate when {@code minRate} is 0. The run's length comes from the
 * trainer (steps per epoch times epochs), not from the config.
 *
 * <p>Warmup (Goyal et al. 2017), with every type: step {@code k < warmupSteps} runs at
 * {@code f + (1 - f) * (k + 1) / warmupSteps} times the schedule's rate at {@code s = 0} (in the
 * current epoch, for an epoch clock), {@code f = warmupStartFactor}; step {@code warmupSteps - 1}
 * runs at the full rate and the schedule takes over from there. Step clocks start at the end of the
 * warmup; epoch clocks are not shifted, so an epoch-based decay keeps its epoch boundaries.
 *
 * <p>DL4J's {@code org.nd4j.linalg.schedule} gives the same rates for {@code exponential},
 * {@code step} and {@code inverse-time} ({@code ExponentialSchedule}, {@code StepSchedule},
 * {@code InverseSchedule}, with {@code ITERATION} for {@code step} units and {@code EPOCH} for
 * {@code epoch} units), and our warmup with {@code f = 0} is its {@code RampSchedule}, except that
 * DL4J does not restart a step-based schedule's clock after the ramp. Its {@code PolySchedule}
 * differs on purpose: in 1.0.0-M2.1 it computes {@code base * (1 + i / maxIter)^power}, which grows
 * until it drops to 0 at {@code maxIter}; ours is the usual polynomial decay (Caffe's and
 * TensorFlow's {@code poly}) towards {@code minRate}. DL4J has no cosine schedule.
 *
 * <p>Hyperparameters that a type does not use are ignored by it (the YAML reader rejects them);
 * build specs with the factories ({@link #fixed}, {@link #exponential}, ...) and
 * {@link #withWarmup}.
 *
 * @param type which schedule
 * @param decayRate exponential and step: factor per unit of the clock, in (0, 1); inverse-time:
 *     {@code decayRate} in {@code 1 + decayRate * t}, &gt; 0
 * @param decayEvery step: clock units between decays, &gt;= 1
 * @param decayUnit exponential, step and inverse-time: what the clock counts
 * @param power inverse-time and polynomial: exponent, &gt; 0
 * @param minRate polynomial and cosine: the rate at the end of the run, &gt;= 0 and below
 *     {@code optimizer.learning-rate} (checked by {@link TrainingRecipe}); not scaled by
 *     {@code training.lr-scaling}
 * @param warmupSteps length of the linear warmup in steps, &gt;= 0 (0: no warmup); less than the
 *     run's steps
 * @param warmupStartFactor {@code f} of the warmup, in [0, 1); only with {@code warmupSteps > 0}
 */
public record ScheduleSpec(ScheduleType type, double decayRate, int decayEvery, DecayUnit decayUnit,
    double power, double minRate, int warmupSteps, double warmupStartFactor) implements Serializable {

  /** Default exponent of inverse-time and polynomial schedules (linear decay for polynomial). */
  public static final double DEFAULT_POWER = 1;
  /** Default rate at the end of polynomial and cosine schedules. */
  public static final double DEFAULT_MIN_RATE = 0;
  /** Default clock of exponential, step and inverse-time schedules. */
  public static final DecayUnit DEFAULT_DECAY_UNIT = DecayUnit.STEP;
  /** Default warmup start factor: the first step runs at {@code 1 / warmupSteps} of the rate. */
  public static final double DEFAULT_WARMUP_START_FACTOR = 0;

  /** Validates the hyperparameters that {@code type} uses and the warmup, naming their keys. */
  public ScheduleSpec {
    ConfigException.require(type != null, "schedule.type is required");
    switch (type) {
      case FIXED -> { }
      case EXPONENTIAL, STEP -> {
        ConfigException.require(decayRate > 0 && decayRate < 1,
            "schedule.decay-rate must be in (0, 1) for schedule.type " + name(type) + ", got " + decayRate);
        requireUnit(type, decayUnit);
      }
      case INVERSE_TIME -> {
        ConfigException.requirePositive("schedule.decay-rate", decayRate);
        ConfigException.requirePositive("schedule.power", power);
        requireUnit(type, decayUnit);
      }
      case POLYNOMIAL -> {
        ConfigException.requirePositive("schedule.power", power);
        ConfigException.requireNonNegative("schedule.min-rate", minRate);
      }
      case COSINE -> ConfigException.requireNonNegative("schedule.min-rate", minRate);
    }
    ConfigException.require(type != ScheduleType.STEP || decayEvery >= 1,
        "schedule.decay-every must be >= 1, got " + decayEvery);
    ConfigException.require(warmupSteps >= 0, "schedule.warmup-steps must be >= 0, got " + warmupSteps);
    ConfigException.requireInHalfOpen("schedule.warmup-start-factor", warmupStartFactor, 0, 1);
    ConfigException.require(warmupSteps > 0 || warmupStartFactor == DEFAULT_WARMUP_START_FACTOR,
        "schedule.warmup-start-factor applies only with schedule.warmup-steps > 0, got "
            + warmupStartFactor + " without a warmup");
  }

  /** The base rate at every step. */
  public static ScheduleSpec fixed() {
    return new ScheduleSpec(ScheduleType.FIXED, 0, 0, DEFAULT_DECAY_UNIT, DEFAULT_POWER, DEFAULT_MIN_RATE, 0,
        DEFAULT_WARMUP_START_FACTOR);
  }

  /** {@code base * decayRate^t}. */
  public static ScheduleSpec exponential(double decayRate, DecayUnit unit) {
    return new ScheduleSpec(ScheduleType.EXPONENTIAL, decayRate, 0, unit, DEFAULT_POWER, DEFAULT_MIN_RATE, 0,
        DEFAULT_WARMUP_START_FACTOR);
  }

  /** {@code base * decayRate^floor(t / decayEvery)}. */
  public static ScheduleSpec step(double decayRate, int decayEvery, DecayUnit unit) {
    return new ScheduleSpec(ScheduleType.STEP, decayRate, decayEvery, unit, DEFAULT_POWER, DEFAULT_MIN_RATE, 0,
        DEFAULT_WARMUP_START_FACTOR);
  }

  /** {@code base / (1 + decayRate * t)^power}. */
  public static ScheduleSpec inverseTime(double decayRate, double power, DecayUnit unit) {
    return new ScheduleSpec(ScheduleType.INVERSE_TIME, decayRate, 0, unit, power, DEFAULT_MIN_RATE, 0,
        DEFAULT_WARMUP_START_FACTOR);
  }

  /** From the base rate to {@code minRate} over the run along {@code (1 - progress)^power}. */
  public static ScheduleSpec polynomial(double power, double minRate) {
    return new ScheduleSpec(ScheduleType.POLYNOMIAL, 0, 0, DEFAULT_DECAY_UNIT, power, minRate, 0,
        DEFAULT_WARMUP_START_FACTOR);
  }

  /** From the base rate to {@code minRate} over the run along half a cosine. */
  public static ScheduleSpec cosine(double minRate) {
    return new ScheduleSpec(ScheduleType.COSINE, 0, 0, DEFAULT_DECAY_UNIT, DEFAULT_POWER, minRate, 0,
        DEFAULT_WARMUP_START_FACTOR);
  }

  /** This schedule after a linear warmup of {@code steps} steps starting at {@code startFactor}. */
  public ScheduleSpec withWarmup(int steps, double startFactor) {
    return new ScheduleSpec(type, decayRate, decayEvery, decayUnit, power, minRate, steps, startFactor);
  }

  /** Whether the schedule ends at {@link #minRate} (polynomial and cosine). */
  boolean endsAtMinRate() {
    return type == ScheduleType.POLYNOMIAL || type == ScheduleType.COSINE;
  }

  private static void requireUnit(ScheduleType type, DecayUnit unit) {
    ConfigException.require(unit != null, "schedule.decay-unit is required for schedule.type " + name(type));
  }

  private static String name(ScheduleType type) {
    return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
