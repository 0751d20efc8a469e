package io.sparktrain.kernels.train;

import java.util.Arrays;
import java.util.stream.LongStream;

/**
 * A set of dense examples in memory, row-major, in a fixed order.
 *
 * @param features {@code count * width} values
 * @param labels {@code count} labels (class index or regression target)
 * @param count number of examples
 * @param width features per example
 */
public record Examples(float[] features, float[] labels, int count, int width) {

  /** Checks the array sizes. */
  public Examples {
    if (features.length != (long) count * width || labels.length != count) {
      throw new IllegalArgumentException("expected " + count + " examples of width " + width);
    }
  }

  /** Examples {@code [from, to)} as a batch (copied). */
  public Batch batch(int from, int to) {
    return new Batch(Arrays.copyOfRange(features, from * width, to * width),
        Arrays.copyOfRange(labels, from, to), LongStream.range(from, to).toArray(), to - from, width);
  }

  /** The examples whose indices are listed, in that order (copied). */
  public Batch gather(int[] indices, int from, int to) {
    int size = to - from;
    float[] x = new float[size * width];
    float[] y = new float[size];
    long[] ids = new long[size];
    for (int i = 0; i < size; i++) {
      int example = indices[from + i];
      System.arraycopy(features, example * width, x, i * width, width);
      y[i] = labels[example];
      ids[i] = example;
    }
    return new Batch(x, y, ids, size, width);
  }
}
