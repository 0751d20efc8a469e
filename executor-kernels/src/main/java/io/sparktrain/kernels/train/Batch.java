package io.sparktrain.kernels.train;

/**
 * A mini-batch of dense examples, row-major.
 *
 * @param features {@code size * width} feature values, example after example
 * @param labels {@code size} labels: a class index for classification, the target for regression
 * @param ids the examples' 0-based positions in the whole input; dropout masks derive from them,
 *     so an example gets the same mask whichever worker and batch it is in
 * @param size number of examples, &gt;= 0
 * @param width number of features per example
 */
public record Batch(float[] features, float[] labels, long[] ids, int size, int width) {

  /** Checks that the arrays hold exactly {@code size} examples. */
  public Batch {
    if (size < 0 || features.length != (long) size * width || labels.length != size || ids.length != size) {
      throw new IllegalArgumentException("batch of " + size + " examples of width " + width
          + " needs " + (long) size * width + " features and " + size + " labels and ids, got "
          + features.length + ", " + labels.length + " and " + ids.length);
    }
  }
}
