package io.sparktrain.kernels.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.DecayUnit;
import io.sparktrain.kernels.config.ScheduleSpec;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every schedule's rate at chosen steps against values worked out by hand. */
class SchedulesTest {
  private static final double BASE = 0.1;
  private static final double EXACT = 1e-12;

  private static double rate(Schedule schedule, long step, int epoch) {
    return schedule.learningRate(step, epoch);
  }

  @Test
  void fixedIsTheBaseRateAtEveryStep() {
    Schedule fixed = Schedules.create(ScheduleSpec.fixed(), BASE, 100);

    assertThat(rate(fixed, 0, 0)).isEqualTo(BASE);
    assertThat(rate(fixed, 99, 7)).isEqualTo(BASE);
  }

  @Test
  void exponentialMultipliesByTheDecayRatePerStepOrPerEpoch() {
    Schedule bySteps = Schedules.create(ScheduleSpec.exponential(0.9, DecayUnit.STEP), BASE, 100);
    Schedule byEpochs = Schedules.create(ScheduleSpec.exponential(0.5, DecayUnit.EPOCH), BASE, 100);

    assertThat(rate(bySteps, 0, 0)).isCloseTo(0.1, within(EXACT));
    assertThat(rate(bySteps, 3, 5)).isCloseTo(0.0729, within(EXACT));
    assertThat(rate(byEpochs, 0, 0)).isCloseTo(0.1, within(EXACT));
    assertThat(rate(byEpochs, 57, 0)).isCloseTo(0.1, within(EXACT));
    assertThat(rate(byEpochs, 3, 2)).isCloseTo(0.025, within(EXACT));
  }

  @Test
  void stepDecayDropsByTheDecayRateEveryDecayEveryStepsOrEpochs() {
    Schedule bySteps = Schedules.create(ScheduleSpec.step(0.5, 10, DecayUnit.STEP), BASE, 100);
    Schedule byEpochs = Schedules.create(ScheduleSpec.step(0.1, 2, DecayUnit.EPOCH), BASE, 100);

    assertThat(rate(bySteps, 9, 0)).isCloseTo(0.1, within(EXACT));
    assertThat(rate(bySteps, 10, 0)).isCloseTo(0.05, within(EXACT));
    assertThat(rate(bySteps, 19, 3)).isCloseTo(0.05, within(EXACT));
    assertThat(rate(bySteps, 25, 3)).isCloseTo(0.025, within(EXACT));
    assertThat(rate(byEpochs, 80, 1)).isCloseTo(0.1, within(EXACT));
    assertThat(rate(byEpochs, 0, 2)).isCloseTo(0.01, within(EXACT));
    assertThat(rate(byEpochs, 0, 5)).isCloseTo(0.001, within(EXACT));
  }

  @Test
  void inverseTimeDividesByAPowerOfOnePlusDecayRateTimesT() {
    Schedule bySteps = Schedules.create(ScheduleSpec.inverseTime(0.5, 2, DecayUnit.STEP), BASE, 100);
    Schedule byEpochs = Schedules.create(ScheduleSpec.inverseTime(1, 1, DecayUnit.EPOCH), BASE, 100);

    assertThat(rate(bySteps, 2, 0)).isCloseTo(0.1 / 4, within(EXACT));
    assertThat(rate(bySteps, 6, 0)).isCloseTo(0.1 / 16, within(EXACT));
    assertThat(rate(byEpochs, 50, 3)).isCloseTo(0.1 / 4, within(EXACT));
  }

  @Test
  void polynomialFallsToTheMinimumRateAtTheEndOfTheRun() {
    Schedule quadratic = Schedules.create(ScheduleSpec.polynomial(2, 0.01), BASE, 10);
    Schedule linear = Schedules.create(ScheduleSpec.polynomial(1, 0), BASE, 4);

    assertThat(rate(quadratic, 0, 0)).isCloseTo(0.1, within(EXACT));
    assertThat(rate(quadratic, 5, 0)).isCloseTo(0.01 + 0.09 * 0.25, within(EXACT));
    assertThat(rate(quadratic, 9, 0)).isCloseTo(0.01 + 0.09 * 0.01, within(EXACT));
    assertThat(rate(quadratic, 10, 0)).isCloseTo(0.01, within(EXACT));
    assertThat(rate(quadratic, 30, 0)).isCloseTo(0.01, within(EXACT));
    assertThat(rate(linear, 1, 0)).isCloseTo(0.075, within(EXACT));
    assertThat(rate(linear, 3, 0)).as("the last step runs above 0").isCloseTo(0.025, within(EXACT));
  }

  @Test
  void cosineFallsAlongHalfACosineToTheMinimumRateAtTheEndOfTheRun() {
    Schedule cosine = Schedules.create(ScheduleSpec.cosine(0.02), BASE, 6);

    assertThat(rate(cosine, 0, 0)).isCloseTo(0.1, within(EXACT));
    assertThat(rate(cosine, 2, 0)).isCloseTo(0.02 + 0.08 * 0.75, within(EXACT));
    assertThat(rate(cosine, 3, 0)).isCloseTo(0.06, within(EXACT));
    assertThat(rate(cosine, 4, 0)).isCloseTo(0.02 + 0.08 * 0.25, within(EXACT));
    assertThat(rate(cosine, 5, 0)).isCloseTo(0.02 + 0.04 * (1 - Math.sqrt(3) / 2), within(EXACT));
    assertThat(rate(cosine, 6, 0)).isCloseTo(0.02, within(EXACT));
  }

  @Test
  void warmupRampsLinearlyFromTheStartFactorThenHandsOverToACosineOverTheRestOfTheRun() {
    Schedule schedule = Schedules.create(ScheduleSpec.cosine(0).withWarmup(4, 0.2), BASE, 10);

    assertThat(rate(schedule, 0, 0)).isCloseTo(0.1 * (0.2 + 0.8 / 4), within(EXACT));
    assertThat(rate(schedule, 1, 0)).isCloseTo(0.06, within(EXACT));
    assertThat(rate(schedule, 2, 0)).isCloseTo(0.08, within(EXACT));
    assertThat(rate(schedule, 3, 0)).isCloseTo(0.1, within(EXACT));
    assertThat(rate(schedule, 4, 0)).as("the cosine starts at the hand-over").isCloseTo(0.1, within(EXACT));
    assertThat(rate(schedule, 6, 0)).as("a third of the 6 cosine steps").isCloseTo(0.075, within(EXACT));
    assertThat(rate(schedule, 7, 0)).isCloseTo(0.05, within(EXACT));
    assertThat(rate(schedule, 10, 0)).isCloseTo(0, within(EXACT));
  }

  @Test
  void aStepClockStartsAfterTheWarmupAndAnEpochClockDoesNot() {
    Schedule bySteps = Schedules.create(ScheduleSpec.exponential(0.5, DecayUnit.STEP).withWarmup(3, 0), BASE, 100);
    Schedule byEpochs = Schedules.create(ScheduleSpec.step(0.5, 1, DecayUnit.EPOCH).withWarmup(4, 0), BASE, 100);

    assertThat(rate(bySteps, 0, 0)).isCloseTo(0.1 / 3, within(EXACT));
    assertThat(rate(bySteps, 1, 0)).isCloseTo(0.2 / 3, within(EXACT));
    assertThat(rate(bySteps, 2, 0)).isCloseTo(0.1, within(EXACT));
    assertThat(rate(bySteps, 3, 0)).isCloseTo(0.1, within(EXACT));
    assertThat(rate(bySteps, 5, 0)).isCloseTo(0.025, within(EXACT));
    // Two steps per epoch: the ramp multiplies the epoch's decayed rate.
    assertThat(rate(byEpochs, 0, 0)).isCloseTo(0.025, within(EXACT));
    assertThat(rate(byEpochs, 1, 0)).isCloseTo(0.05, within(EXACT));
    assertThat(rate(byEpochs, 2, 1)).isCloseTo(0.05 * 0.75, within(EXACT));
    assertThat(rate(byEpochs, 3, 1)).isCloseTo(0.05, within(EXACT));
    assertThat(rate(byEpochs, 4, 2)).isCloseTo(0.025, within(EXACT));
  }

  static Stream<Arguments> decayingSchedules() {
    return Stream.of(
        Arguments.of(ScheduleSpec.exponential(0.97, DecayUnit.STEP), true),
        Arguments.of(ScheduleSpec.exponential(0.7, DecayUnit.EPOCH), false),
        Arguments.of(ScheduleSpec.step(0.5, 7, DecayUnit.STEP), false),
        Arguments.of(ScheduleSpec.step(0.5, 2, DecayUnit.EPOCH), false),
        Arguments.of(ScheduleSpec.inverseTime(0.05, 0.75, DecayUnit.STEP), true),
        Arguments.of(ScheduleSpec.polynomial(3, 0), true),
        Arguments.of(ScheduleSpec.polynomial(0.5, 0.001), true),
        Arguments.of(ScheduleSpec.cosine(0), true),
        Arguments.of(ScheduleSpec.cosine(0.01).withWarmup(20, 0), true));
  }

  @ParameterizedTest
  @MethodSource("decayingSchedules")
  void decayingSchedulesNeverRiseAfterTheWarmupAndStayPositive(ScheduleSpec spec, boolean strictly) {
    int stepsPerEpoch = 10;
    int total = 120;
    Schedule schedule = Schedules.create(spec, BASE, total);
    int warmup = spec.warmupSteps();
    for (int step = 0; step < total - 1; step++) {
      double now = rate(schedule, step, step / stepsPerEpoch);
      double next = rate(schedule, step + 1, (step + 1) / stepsPerEpoch);
      assertThat(now).as("step %d", step).isPositive().isLessThanOrEqualTo(BASE);
      if (step + 1 < warmup) {
        assertThat(next).as("warmup step %d", step + 1).isGreaterThan(now);
      } else if (step >= warmup && strictly) {
        assertThat(next).as("step %d", step + 1).isLessThan(now);
      } else if (step >= warmup) {
        assertThat(next).as("step %d", step + 1).isLessThanOrEqualTo(now);
      }
    }
  }

  @Test
  void aWarmupAsLongAsTheRunIsAConfigError() {
    ScheduleSpec spec = ScheduleSpec.cosine(0).withWarmup(14, 0);

    assertThatThrownBy(() -> Schedules.create(spec, BASE, 14)).isInstanceOf(ConfigException.class)
        .hasMessage("schedule.warmup-steps must be less than the run's 14 steps (steps per epoch x "
            + "training.epochs), got 14");
    assertThat(rate(Schedules.create(spec, BASE, 15), 14, 0)).isCloseTo(0.1, within(EXACT));
  }
}
