package io.sparktrain.kernels.train;

/**
 * A mini-batch of dense examples, row-major.
 *
 * @param features {@code size * width} feature values, example after example
 * @param labels {@code size} labels: a class index for classification, the target for regression
 * @param size number of examples, &gt;= 0
 * @param width number of features per example
 */
public record Batch(float[] features, float[] labels, int size, int width) {

  /** Checks that the arrays hold exactly {@code size} examples. */
  public Batch {
    if (size < 0 || features.length != (long) size * width || labels.length != size) {
      throw new IllegalArgumentException("batch of " + size + " examples of width " + width
          + " needs " + (long) size * width + " features and " + size + " labels, got "
          + features.length + " and " + labels.length);
    }
  }
}
