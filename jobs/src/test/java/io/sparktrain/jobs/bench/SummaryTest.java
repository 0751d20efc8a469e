package io.sparktrain.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

  private static SystemResult result(String system, EpochResult... epochs) {
    return new SystemResult(system, "1", "17", "test", 1000, 100, 1.0, List.of(epochs));
  }

  @Test
  void medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
    assertThat(Summary.median(new double[] {5, 1, 3})).isEqualTo(3);
    assertThat(Summary.median(new double[] {4, 1, 3, 10})).isEqualTo(3.5);
    assertThat(Summary.median(new double[] {7})).isEqualTo(7);
    assertThatThrownBy(() -> Summary.median(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void throughputIsTheMedianOfEpochsTwoOnwardAndTimeToTargetIsCumulative() {
    // Epoch 1 (warm-up) is slow and must not count: the rates of epochs 2..4 are 500, 1000, 400.
    Summary summary = Summary.of(result("sparktrain",
        new EpochResult(1, 10.0, 1000, 0.80, 0.5),
        new EpochResult(2, 2.0, 1000, 0.84, 0.5),
        new EpochResult(3, 1.0, 1000, 0.86, 0.5),
        new EpochResult(4, 2.5, 1000, 0.85, 0.5)), 0.85);

    assertThat(summary.samplesPerSecond()).isEqualTo(500);
    assertThat(summary.firstEpochOnly()).isFalse();
    assertThat(summary.secondsToTarget()).hasValue(13.0);
    assertThat(summary.finalAccuracy()).isEqualTo(0.85);
  }

  @Test
  void aSingleEpochRunUsesEpochOneAndAMissedTargetHasNoTime() {
    Summary summary = Summary.of(result("sparktrain", new EpochResult(1, 4.0, 1000, 0.70, 0.5)), 0.85);

    assertThat(summary.samplesPerSecond()).isCloseTo(250, within(1e-9));
    assertThat(summary.firstEpochOnly()).isTrue();
    assertThat(summary.secondsToTarget()).isEmpty();
  }

  @Test
  void reportDividesEachSystemBySparkTrain() {
    SystemResult baseline = result("dl4j-fit", new EpochResult(1, 1, 100, 0.8, 0),
        new EpochResult(2, 1, 4000, 0.9, 0));
    SystemResult sparkTrain = result("sparktrain", new EpochResult(1, 1, 100, 0.8, 0),
        new EpochResult(2, 4, 4000, 0.9, 0));

    String report = Report.render(List.of("preamble"), List.of(baseline, sparkTrain), Map.of(), 0.85);

    // dl4j-fit: 4000 samples/s is 4.00x SparkTrain's 1000, a SparkTrain speedup of 0.25x; it
    // reaches 0.85 after 2 s of training, SparkTrain after 5 s: a time ratio of 0.40x.
    assertThat(report).containsPattern("dl4j-fit +1 +4000 +4\\.00x +0\\.25x +2\\.0 +0\\.40x +0\\.9000");
    assertThat(report).containsPattern("sparktrain +1 +1000 +1\\.00x +1\\.00x +5\\.0 +1\\.00x +0\\.9000");
  }
}
