package io.sparktrain.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparktrain.driver.data.FeatureScaling;
import io.sparktrain.kernels.train.Examples;
import org.junit.jupiter.api.Test;

class MinMaxScalingTest {

  @Test
  void scalesEachFeatureByItsTrainingRangeAndLeavesConstantFeaturesUnscaled() {
    // Three examples of three features: a 0..255 pixel, a 10..20 feature, a constant 7.
    Examples train = new Examples(new float[] {0, 10, 7, 255, 20, 7, 51, 15, 7}, new float[] {0, 1, 2}, 3, 3);

    FeatureScaling scaling = MinMaxScaling.fit(train);
    Examples scaled = MinMaxScaling.apply(scaling, train);

    assertThat(scaling.offset()).containsExactly(0f, 10f, 7f);
    assertThat(scaling.scale()).containsExactly(1f / 255, 0.1f, 1f);
    assertThat(scaled.features())
        .containsExactly(new float[] {0f, 0f, 0f, 1f, 1f, 0f, 0.2f, 0.5f, 0f}, within(1e-6f));
    assertThat(scaled.labels()).containsExactly(0f, 1f, 2f);
    assertThat(train.features()[3]).as("the input is not modified").isEqualTo(255f);
  }
}
