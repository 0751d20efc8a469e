package io.sparktrain.kernels.train;

import java.util.Random;

/** Seeded synthetic data sets for tests. */
public final class SyntheticData {
  private SyntheticData() {}

  /**
   * {@code count} examples of {@code width} Gaussian features whose class is the arg-max of a
   * fixed random linear map: learnable, but not in one step.
   */
  public static Examples classification(int count, int width, int classes, long seed) {
    Random random = new Random(seed);
    float[][] projection = new float[classes][width];
    for (float[] row : projection) {
      for (int j = 0; j < width; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    float[] x = new float[count * width];
    float[] y = new float[count];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < width; j++) {
        x[i * width + j] = (float) random.nextGaussian();
      }
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        double score = 0;
        for (int j = 0; j < width; j++) {
          score += projection[c][j] * x[i * width + j];
        }
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      y[i] = best;
    }
    return new Examples(x, y, count, width);
  }
}
