package io.sparktrain.driver.data;

/**
 * One parsed example before it reaches a worker: its position in the input, its features (dense,
 * or sparse with 0-based indices) and its label.
 *
 * @param index 0-based position of the example in input order, across all files
 * @param values dense features, or the non-zero values when {@code indices} is set
 * @param indices 0-based feature indices of a sparse row, or null for a dense one
 * @param label class index or regression target
 */
public record Row(long index, float[] values, int[] indices, float label) {

  /** The row with another position. */
  public Row at(long newIndex) {
    return new Row(newIndex, values, indices, label);
  }

  /** Number of features this row needs: its length, or its highest index plus one. */
  public int width() {
    return indices == null ? values.length : (indices.length == 0 ? 0 : indices[indices.length - 1] + 1);
  }

  /** Writes the features into {@code target} at {@code offset}, zero-filling a sparse row. */
  public void copyTo(float[] target, int offset, int width) {
    if (indices == null) {
      System.arraycopy(values, 0, target, offset, width);
    } else {
      for (int k = 0; k < indices.length; k++) {
        target[offset + indices[k]] = values[k];
      }
    }
  }
}
