package io.sparktrain.kernels.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparktrain.kernels.config.DecayUnit;
import io.sparktrain.kernels.config.ScheduleSpec;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.PolySchedule;
import org.nd4j.linalg.schedule.RampSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Our schedules against DL4J's {@code org.nd4j.linalg.schedule} where DL4J has the same one: the
 * same rate at every step of a run with several epochs ({@code ITERATION} is our step clock,
 * {@code EPOCH} our epoch clock).
 */
class SchedulesMatchDl4jTest {
  private static final double BASE = 0.05;
  private static final int STEPS = 300;
  private static final int STEPS_PER_EPOCH = 23;

  static Stream<Arguments> sameSchedules() {
    return Stream.of(
        Arguments.of(ScheduleSpec.fixed(), new FixedSchedule(BASE)),
        Arguments.of(ScheduleSpec.exponential(0.99, DecayUnit.STEP),
            new ExponentialSchedule(ScheduleType.ITERATION, BASE, 0.99)),
        Arguments.of(ScheduleSpec.exponential(0.8, DecayUnit.EPOCH),
            new ExponentialSchedule(ScheduleType.EPOCH, BASE, 0.8)),
        Arguments.of(ScheduleSpec.step(0.5, 40, DecayUnit.STEP),
            new StepSchedule(ScheduleType.ITERATION, BASE, 0.5, 40)),
        Arguments.of(ScheduleSpec.step(0.3, 3, DecayUnit.EPOCH),
            new StepSchedule(ScheduleType.EPOCH, BASE, 0.3, 3)),
        Arguments.of(ScheduleSpec.inverseTime(0.01, 0.75, DecayUnit.STEP),
            new InverseSchedule(ScheduleType.ITERATION, BASE, 0.01, 0.75)),
        Arguments.of(ScheduleSpec.inverseTime(0.5, 2, DecayUnit.EPOCH),
            new InverseSchedule(ScheduleType.EPOCH, BASE, 0.5, 2)),
        Arguments.of(ScheduleSpec.fixed().withWarmup(50, 0), new RampSchedule(new FixedSchedule(BASE), 50)),
        Arguments.of(ScheduleSpec.step(0.5, 1, DecayUnit.EPOCH).withWarmup(60, 0),
            new RampSchedule(new StepSchedule(ScheduleType.EPOCH, BASE, 0.5, 1), 60)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sameSchedules")
  void ourRateEqualsDl4jsAtEveryStep(ScheduleSpec spec, ISchedule dl4j) {
    Schedule ours = Schedules.create(spec, BASE, STEPS);

    for (int step = 0; step < STEPS; step++) {
      int epoch = step / STEPS_PER_EPOCH;
      double expected = dl4j.valueAt(step, epoch);
      assertThat(ours.learningRate(step, epoch)).as("step %d, epoch %d", step, epoch)
          .isCloseTo(expected, within(1e-12 * expected));
    }
  }

  /** Pins the difference that ScheduleSpec's Javadoc states, so that a DL4J upgrade revisits it. */
  @Test
  void dl4jsPolyScheduleGrowsWhereOurPolynomialDecays() {
    ISchedule dl4j = new PolySchedule(ScheduleType.ITERATION, BASE, 2, 100);
    Schedule ours = Schedules.create(ScheduleSpec.polynomial(2, 0), BASE, 100);

    assertThat(dl4j.valueAt(50, 0)).isCloseTo(BASE * 2.25, within(1e-12));
    assertThat(ours.learningRate(50, 0)).isCloseTo(BASE * 0.25, within(1e-12));
  }
}
