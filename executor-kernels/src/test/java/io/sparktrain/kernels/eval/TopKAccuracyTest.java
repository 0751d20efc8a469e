package io.sparktrain.kernels.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TopKAccuracyTest {
  // Four classes; the comment gives the rank of the actual class (0 is the top).
  private static final float[] LABELS = {2, 0, 2, 1, 0, 3};
  private static final float[] OUTPUTS = {
      0.1f, 0.2f, 0.3f, 0.4f, // rank 1: class 3 is higher
      0.7f, 0.1f, 0.1f, 0.1f, // rank 0
      0.4f, 0.3f, 0.2f, 0.1f, // rank 2
      0.4f, 0.4f, 0.1f, 0.1f, // rank 1: class 0 ties and has the lower index
      0.4f, 0.4f, 0.1f, 0.1f, // rank 0: the tie goes to class 0
      0.25f, 0.25f, 0.25f, 0.25f, // rank 3: every class ties, all with lower indices
  };

  @Test
  void accuraciesMatchAHandComputationWithTies() {
    TopKAccuracy topK = new TopKAccuracy(4, 3, 1, 2);
    topK.recordOutputs(LABELS, OUTPUTS);

    assertThat(topK.ks()).containsExactly(1, 2, 3);
    assertThat(topK.count()).isEqualTo(6);
    assertThat(topK.accuracy(1)).isCloseTo(2.0 / 6, within(1e-12));
    assertThat(topK.accuracy(2)).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(topK.accuracy(3)).isCloseTo(5.0 / 6, within(1e-12));
  }

  @Test
  void topOneEqualsTheConfusionMatrixAccuracy() {
    TopKAccuracy topK = new TopKAccuracy(4, 1);
    topK.recordOutputs(LABELS, OUTPUTS);
    ConfusionMatrix matrix = new ConfusionMatrix(4);
    matrix.recordOutputs(LABELS, OUTPUTS);

    assertThat(topK.accuracy(1)).isEqualTo(matrix.accuracy());
  }

  @Test
  void mergedPartsEqualTheWhole() {
    TopKAccuracy whole = new TopKAccuracy(4, 1, 2, 3);
    whole.recordOutputs(LABELS, OUTPUTS);
    TopKAccuracy first = new TopKAccuracy(4, 1, 2, 3);
    first.recordOutputs(Arrays.copyOfRange(LABELS, 0, 2), Arrays.copyOfRange(OUTPUTS, 0, 8));
    TopKAccuracy second = new TopKAccuracy(4, 1, 2, 3);
    second.recordOutputs(Arrays.copyOfRange(LABELS, 2, 3), Arrays.copyOfRange(OUTPUTS, 8, 12));
    TopKAccuracy third = new TopKAccuracy(4, 1, 2, 3);
    third.recordOutputs(Arrays.copyOfRange(LABELS, 3, 6), Arrays.copyOfRange(OUTPUTS, 12, 24));

    TopKAccuracy merged = third.add(first).add(second);

    assertThat(merged.count()).isEqualTo(6);
    for (int k = 1; k <= 3; k++) {
      assertThat(merged.accuracy(k)).as("top-%d", k).isEqualTo(whole.accuracy(k));
    }
  }

  @Test
  void rejectsKOutsideTheClassesRepeatsAndMismatchedMerges() {
    assertThatThrownBy(() -> new TopKAccuracy(4, 0)).hasMessageContaining("1 <= k < classes (4), got 0");
    assertThatThrownBy(() -> new TopKAccuracy(4, 4)).hasMessageContaining("1 <= k < classes (4), got 4");
    assertThatThrownBy(() -> new TopKAccuracy(4, 2, 2)).hasMessageContaining("distinct");
    assertThatThrownBy(() -> new TopKAccuracy(4, 1).add(new TopKAccuracy(4, 2))).hasMessageContaining("differ");
    assertThatThrownBy(() -> new TopKAccuracy(4, 1).accuracy(2)).hasMessageContaining("not recorded");
  }
}
