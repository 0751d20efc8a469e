package io.sparktrain.kernels.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  @Test
  void metricsMatchAHandComputation() {
    ConfusionMatrix matrix = new ConfusionMatrix(3);
    // actual 0: 3 right, 1 as class 1; actual 1: 2 right; actual 2: 1 right, 2 as class 0.
    int[][] pairs = {{0, 0}, {0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 1}, {2, 2}, {2, 0}, {2, 0}};
    for (int[] pair : pairs) {
      matrix.record(pair[0], pair[1]);
    }

    assertThat(matrix.accuracy()).isCloseTo(6.0 / 9, within(1e-12));
    assertThat(matrix.precision(0)).isCloseTo(3.0 / 5, within(1e-12));
    assertThat(matrix.recall(0)).isCloseTo(3.0 / 4, within(1e-12));
    assertThat(matrix.precision(1)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(matrix.recall(2)).isCloseTo(1.0 / 3, within(1e-12));
    double f0 = 2 * 0.6 * 0.75 / 1.35;
    double f1 = 2 * (2.0 / 3) * 1.0 / (2.0 / 3 + 1);
    double f2 = 2 * 1.0 * (1.0 / 3) / (1 + 1.0 / 3);
    assertThat(matrix.f1Macro()).isCloseTo((f0 + f1 + f2) / 3, within(1e-12));
    assertThat(matrix.precisionMacro()).isCloseTo((0.6 + 2.0 / 3 + 1.0) / 3, within(1e-12));
    assertThat(matrix.toArray()).isEqualTo(new long[][] {{3, 1, 0}, {0, 2, 0}, {2, 0, 1}});
  }

  @Test
  void microAveragesEqualAccuracyAndDifferFromMacro() {
    ConfusionMatrix matrix = new ConfusionMatrix(3);
    // rows actual, columns predicted: {{3, 1, 0}, {0, 2, 0}, {2, 0, 1}}
    int[][] pairs = {{0, 0}, {0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 1}, {2, 2}, {2, 0}, {2, 0}};
    for (int[] pair : pairs) {
      matrix.record(pair[0], pair[1]);
    }

    // TP = 3 + 2 + 1; FP by column = 2 + 1 + 0; FN by row = 1 + 0 + 2.
    assertThat(matrix.precisionMicro()).isCloseTo(6.0 / (6 + 3), within(1e-12));
    assertThat(matrix.recallMicro()).isCloseTo(6.0 / (6 + 3), within(1e-12));
    assertThat(matrix.f1Micro()).isCloseTo(6.0 / 9, within(1e-12));
    assertThat(matrix.f1Micro()).isCloseTo(matrix.accuracy(), within(1e-15));
    assertThat(matrix.precisionMacro()).isNotCloseTo(matrix.precisionMicro(), within(0.05));
    assertThat(new long[] {matrix.support(0), matrix.support(1), matrix.support(2)}).containsExactly(4, 2, 3);
    assertThat(matrix.recall(1)).isEqualTo(1.0);
    assertThat(matrix.precision(2)).isEqualTo(1.0);
    assertThat(matrix.f1(2)).isCloseTo(2 * (1.0 / 3) / (1 + 1.0 / 3), within(1e-12));
  }

  @Test
  void aClassNeverPredictedOrPresentScoresZeroNotNaN() {
    ConfusionMatrix matrix = new ConfusionMatrix(3);
    matrix.record(0, 0);
    matrix.record(1, 0);

    assertThat(matrix.precision(1)).isZero();
    assertThat(matrix.recall(2)).isZero();
    assertThat(matrix.f1(2)).isZero();
    assertThat(matrix.support(2)).isZero();
    assertThat(matrix.precisionMicro()).isEqualTo(0.5);
  }

  @Test
  void mergedPartsEqualTheWhole() {
    float[] labels = {0, 1, 1, 0, 1};
    float[] outputs = {0.9f, 0.1f, 0.2f, 0.8f, 0.6f, 0.4f, 0.3f, 0.7f, 0.45f, 0.55f};
    ConfusionMatrix whole = new ConfusionMatrix(2);
    whole.recordOutputs(labels, outputs);
    ConfusionMatrix left = new ConfusionMatrix(2);
    left.recordOutputs(new float[] {0, 1}, new float[] {0.9f, 0.1f, 0.2f, 0.8f});
    ConfusionMatrix right = new ConfusionMatrix(2);
    right.recordOutputs(new float[] {1, 0, 1}, new float[] {0.6f, 0.4f, 0.3f, 0.7f, 0.45f, 0.55f});

    assertThat(left.add(right).toArray()).isEqualTo(whole.toArray()).isEqualTo(new long[][] {{1, 1}, {1, 2}});
  }

  @Test
  void regressionStatsMatchAHandComputation() {
    RegressionStats stats = new RegressionStats();
    stats.record(new float[] {1, 2, 3, 4}, new float[] {1.5f, 2, 2, 4});

    assertThat(stats.mse()).isCloseTo((0.25 + 0 + 1 + 0) / 4, within(1e-9));
    assertThat(stats.mae()).isCloseTo(1.5 / 4, within(1e-9));
    assertThat(stats.r2()).isCloseTo(1 - 1.25 / 5.0, within(1e-9));
  }
}
