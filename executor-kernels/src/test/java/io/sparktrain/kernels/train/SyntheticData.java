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

  /**
   * {@code count} sequences of {@code steps} steps of {@code features} small Gaussian values,
   * time-major, with a spike of 3 on feature 0 at one step: the class is that step, so
   * {@code steps} classes, learnable only by looking along the sequence.
   */
  public static Examples spikes(int count, int steps, int features, long seed) {
    Random random = new Random(seed);
    int width = steps * features;
    float[] x = new float[count * width];
    float[] y = new float[count];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < width; j++) {
        x[i * width + j] = (float) (0.3 * random.nextGaussian());
      }
      int step = random.nextInt(steps);
      x[i * width + step * features] += 3f;
      y[i] = step;
    }
    return new Examples(x, y, count, width);
  }

  /**
   * {@code count} rows of {@code length} token ids in [0, vocabulary), vocabulary &gt;= 3: class 1
   * when token 1 occurs in the row (about half the rows), else 0.
   */
  public static Examples tokens(int count, int length, int vocabulary, long seed) {
    Random random = new Random(seed);
    float[] x = new float[count * length];
    float[] y = new float[count];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < length; j++) {
        x[i * length + j] = random.nextInt(vocabulary - 2) + 2;
      }
      if (random.nextBoolean()) {
        x[i * length + random.nextInt(length)] = 1;
        y[i] = 1;
      } else if (random.nextBoolean()) {
        x[i * length + random.nextInt(length)] = 0;
      }
    }
    return new Examples(x, y, count, length);
  }
}
