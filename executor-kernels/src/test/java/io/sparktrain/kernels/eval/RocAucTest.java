package io.sparktrain.kernels.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocAucTest {

  private static RocAuc of(float[] scores, boolean[] positive, int from, int to) {
    RocAuc auc = new RocAuc();
    for (int i = from; i < to; i++) {
      auc.record(scores[i], positive[i]);
    }
    return auc;
  }

  private static RocAuc of(float[] scores, boolean... positive) {
    return of(scores, positive, 0, scores.length);
  }

  /** The definition: over every (positive, negative) pair, 1 when the positive scores higher, 1/2 on a tie. */
  private static double pairwise(float[] scores, boolean[] positive) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < scores.length; i++) {
      for (int j = 0; j < scores.length; j++) {
        if (positive[i] && !positive[j]) {
          wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
          pairs++;
        }
      }
    }
    return wins / pairs;
  }

  @Test
  void matchesHandComputedValues() {
    // Negatives 0.1 and 0.4, positives 0.35 and 0.8: 3 of the 4 pairs are ordered right.
    assertThat(of(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, false, false, true, true).auc()).isEqualTo(0.75);
    // Positives 0.4 and 0.8 against negatives 0.1, 0.35, 0.4: 1 + 1 + 1/2 + 3 = 5.5 of 6 pairs.
    assertThat(of(new float[] {0.4f, 0.8f, 0.1f, 0.35f, 0.4f}, true, true, false, false, false).auc())
        .isCloseTo(5.5 / 6, within(1e-15));
  }

  @Test
  void aPerfectClassifierScores1AnInvertedOne0AndAConstantOneHalf() {
    float[] scores = {0.9f, 0.8f, 0.7f, 0.2f, 0.1f};

    assertThat(of(scores, true, true, true, false, false).auc()).isEqualTo(1.0);
    assertThat(of(scores, false, false, false, true, true).auc()).isEqualTo(0.0);
    assertThat(of(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, true, false, false, true).auc()).isEqualTo(0.5);
  }

  @Test
  void negativeZeroTiesWithZeroAndOneClassAloneHasNoArea() {
    assertThat(of(new float[] {-0.0f, 0.0f}, true, false).auc()).isEqualTo(0.5);
    assertThat(of(new float[] {0.2f, 0.7f}, true, true).auc()).isNaN();
  }

  @Test
  void equalsThePairwiseDefinitionOnManyTiedScoresAndKeepsOneEntryPerDistinctScore() {
    Random random = new Random(11);
    int n = 9000;
    float[] scores = new float[n];
    boolean[] positive = new boolean[n];
    for (int i = 0; i < n; i++) {
      positive[i] = random.nextInt(3) == 0;
      scores[i] = Math.round((random.nextGaussian() + (positive[i] ? 0.8 : 0)) * 8) / 8f;
    }
    RocAuc auc = of(scores, positive);

    assertThat(auc.auc()).isCloseTo(pairwise(scores, positive), within(1e-12));
    assertThat(auc.distinctScores()).isLessThan(100);
  }

  @Test
  void mergedPartsEqualTheWholeBitForBitInAnyOrder() {
    Random random = new Random(5);
    int n = 12000;
    float[] scores = new float[n];
    boolean[] positive = new boolean[n];
    for (int i = 0; i < n; i++) {
      positive[i] = random.nextBoolean();
      scores[i] = random.nextInt(4) == 0 ? 1f : random.nextFloat();
    }
    double whole = of(scores, positive).auc();

    RocAuc leftFirst = of(scores, positive, 0, 100).add(of(scores, positive, 100, 7000))
        .add(of(scores, positive, 7000, n));
    RocAuc rightFirst = of(scores, positive, 7000, n).add(of(scores, positive, 100, 7000)
        .add(of(scores, positive, 0, 100)));

    assertThat(leftFirst.auc()).isEqualTo(whole);
    assertThat(rightFirst.auc()).isEqualTo(whole);
    assertThat(whole).isCloseTo(pairwise(scores, positive), within(1e-12));
  }

  @Test
  void recordOutputsScoresTheSecondOutputOfEachRow() {
    RocAuc auc = new RocAuc();
    auc.recordOutputs(new float[] {1, 0, 0}, new float[] {0.3f, 0.7f, 0.6f, 0.4f, 0.2f, 0.8f});

    // Positive 0.7 against negatives 0.4 and 0.8.
    assertThat(auc.auc()).isEqualTo(0.5);
  }
}
