package io.sparktrain.jobs.bench;

import io.sparktrain.driver.data.FeatureScaling;
import io.sparktrain.driver.data.Normalization;
import io.sparktrain.kernels.train.Examples;

/**
 * Per-feature min-max scaling fitted on dense examples in memory: the same
 * {@link FeatureScaling} that SparkTrain's loader fits for {@link Normalization#SCALE} on dense
 * data (offset = minimum, scale = 1 / (maximum - minimum), or 1 for a constant feature), so the
 * baselines that read data without Spark see exactly the features SparkTrain sees.
 */
final class MinMaxScaling {
  private MinMaxScaling() {}

  /** Fits the scaling on {@code examples}, which must hold at least one example. */
  static FeatureScaling fit(Examples examples) {
    if (examples.count() == 0) {
      throw new IllegalArgumentException("cannot fit a scaling on no examples");
    }
    int width = examples.width();
    float[] features = examples.features();
    float[] low = new float[width];
    float[] high = new float[width];
    System.arraycopy(features, 0, low, 0, width);
    System.arraycopy(features, 0, high, 0, width);
    for (int row = 1; row < examples.count(); row++) {
      for (int f = 0; f < width; f++) {
        float x = features[row * width + f];
        low[f] = Math.min(low[f], x);
        high[f] = Math.max(high[f], x);
      }
    }
    float[] scale = new float[width];
    for (int f = 0; f < width; f++) {
      scale[f] = high[f] > low[f] ? 1f / (high[f] - low[f]) : 1f;
    }
    return new FeatureScaling(Normalization.SCALE, low, scale);
  }

  /** A scaled copy of {@code examples}. */
  static Examples apply(FeatureScaling scaling, Examples examples) {
    float[] features = examples.features().clone();
    for (int row = 0; row < examples.count(); row++) {
      scaling.apply(features, row * examples.width());
    }
    return new Examples(features, examples.labels(), examples.count(), examples.width());
  }
}
