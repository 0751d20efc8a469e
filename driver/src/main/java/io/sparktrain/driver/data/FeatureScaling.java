package io.sparktrain.driver.data;

import java.io.Serializable;

/**
 * A fitted per-feature normalization {@code x' = (x - offset) * scale}, learned on the training
 * data and applied unchanged to test and prediction data.
 *
 * @param kind how it was fitted
 * @param offset per-feature value subtracted first (the minimum, or the mean)
 * @param scale per-feature factor applied next (1 / range, or 1 / standard deviation)
 */
public record FeatureScaling(Normalization kind, float[] offset, float[] scale) implements Serializable {

  /** Number of features. */
  public int width() {
    return offset.length;
  }

  /** Normalizes {@code width()} features of {@code features} starting at {@code from}, in place. */
  public void apply(float[] features, int from) {
    if (kind == Normalization.NONE) {
      return;
    }
    for (int f = 0; f < offset.length; f++) {
      features[from + f] = (features[from + f] - offset[f]) * scale[f];
    }
  }
}
