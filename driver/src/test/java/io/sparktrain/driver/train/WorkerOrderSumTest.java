package io.sparktrain.driver.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.kernels.train.GradientSum;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The driver's fold adds worker results in worker order whatever order they arrive in. */
class WorkerOrderSumTest {
  /** Values whose float sum depends on the order of addition. */
  private static final float[][] GRADIENTS = {
      {1e8f, 1f, 0.1f}, {1f, -1e8f, 0.2f}, {-1e8f, 1e8f, 0.3f}, {1f, 1f, 1e-9f}, {3f, -7f, 0.4f}};

  @Test
  void everyArrivalOrderGivesTheLeftToRightSumInWorkerOrder() {
    float[] leftToRight = GRADIENTS[0].clone();
    for (int w = 1; w < GRADIENTS.length; w++) {
      for (int i = 0; i < leftToRight.length; i++) {
        leftToRight[i] += GRADIENTS[w][i];
      }
    }
    float[] reversed = GRADIENTS[GRADIENTS.length - 1].clone();
    for (int w = GRADIENTS.length - 2; w >= 0; w--) {
      for (int i = 0; i < reversed.length; i++) {
        reversed[i] += GRADIENTS[w][i];
      }
    }
    assertThat(reversed).as("the data must make the order visible").isNotEqualTo(leftToRight);

    Random random = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      List<Integer> arrival = new ArrayList<>(List.of(0, 1, 2, 3, 4));
      Collections.shuffle(arrival, random);
      WorkerOrderSum<GradientSum> fold = new WorkerOrderSum<>(GradientSum::combine);
      for (int worker : arrival) {
        fold.accept(worker, new GradientSum(GRADIENTS[worker].clone(), worker, 2));
      }
      GradientSum sum = fold.result(GRADIENTS.length);
      assertThat(sum.sum()).as("arrival order %s", arrival).containsExactly(leftToRight);
      assertThat(sum.count()).isEqualTo(10);
      assertThat(sum.lossSum()).isEqualTo(10.0);
    }
  }

  @Test
  void aMissingOrRepeatedWorkerIsAnError() {
    WorkerOrderSum<GradientSum> fold = new WorkerOrderSum<>(GradientSum::combine);
    fold.accept(0, new GradientSum(new float[] {1f}, 0, 1));
    fold.accept(2, new GradientSum(new float[] {2f}, 0, 1));
    assertThatThrownBy(() -> fold.result(3)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("results of 1 leading workers of 3");
    assertThatThrownBy(() -> fold.accept(2, new GradientSum(new float[] {2f}, 0, 1)))
        .hasMessageContaining("worker 2 reported twice");
    assertThatThrownBy(() -> fold.accept(0, new GradientSum(new float[] {2f}, 0, 1)))
        .hasMessageContaining("worker 0 reported twice");
  }
}
