package io.sparktrain.driver.data;

import java.util.Arrays;

/**
 * Per-feature statistics of a set of rows, the row count and width of each input unit, and the
 * rows skipped as bad; partial statistics from several partitions merge exactly. Mutable, not
 * thread-safe.
 */
public final class FeatureStats implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private long[] rowsPerUnit;
  private int[] widthPerUnit;
  private long rows;
  private double[] sum = new double[0];
  private double[] squares = new double[0];
  private float[] min = new float[0];
  private float[] max = new float[0];
  private long[] present = new long[0];
  private SkippedRows skipped = new SkippedRows();

  FeatureStats(int units) {
    rowsPerUnit = new long[units];
    widthPerUnit = new int[units];
  }

  /** Adds one row of unit {@code unit}. */
  FeatureStats record(int unit, Row row) {
    int width = row.width();
    grow(width);
    rows++;
    rowsPerUnit[unit]++;
    widthPerUnit[unit] = Math.max(widthPerUnit[unit], width);
    float[] values = row.values();
    int[] indices = row.indices();
    for (int k = 0; k < values.length; k++) {
      int f = indices == null ? k : indices[k];
      float x = values[k];
      sum[f] += x;
      squares[f] += (double) x * x;
      min[f] = present[f] == 0 ? x : Math.min(min[f], x);
      max[f] = present[f] == 0 ? x : Math.max(max[f], x);
      present[f]++;
    }
    return this;
  }

  /** Adds the rows of one parsed unit and counts the rows it skipped. */
  FeatureStats record(ParsedUnit parsed) {
    for (Row row : parsed.rows()) {
      record(parsed.unit(), row);
    }
    skipped.merge(parsed.skipped());
    return this;
  }

  /** Merges {@code other} into this and returns this. */
  FeatureStats merge(FeatureStats other) {
    grow(other.sum.length);
    skipped.merge(other.skipped);
    rows += other.rows;
    for (int u = 0; u < rowsPerUnit.length; u++) {
      rowsPerUnit[u] += other.rowsPerUnit[u];
      widthPerUnit[u] = Math.max(widthPerUnit[u], other.widthPerUnit[u]);
    }
    for (int f = 0; f < other.sum.length; f++) {
      if (other.present[f] == 0) {
        continue;
      }
      sum[f] += other.sum[f];
      squares[f] += other.squares[f];
      min[f] = present[f] == 0 ? other.min[f] : Math.min(min[f], other.min[f]);
      max[f] = present[f] == 0 ? other.max[f] : Math.max(max[f], other.max[f]);
      present[f] += other.present[f];
    }
    return this;
  }

  long rows() {
    return rows;
  }

  SkippedRows skipped() {
    return skipped;
  }

  long[] rowsPerUnit() {
    return rowsPerUnit.clone();
  }

  int[] widthPerUnit() {
    return widthPerUnit.clone();
  }

  int width() {
    return sum.length;
  }

  /** Fits the normalization to these statistics over {@code width} features. */
  FeatureScaling fit(Normalization kind, int width) {
    float[] offset = new float[width];
    float[] scale = new float[width];
    Arrays.fill(scale, 1f);
    for (int f = 0; f < Math.min(width, sum.length); f++) {
      boolean implicitZeros = present[f] < rows;
      switch (kind) {
        case SCALE -> {
          float low = implicitZeros ? Math.min(min[f], 0) : min[f];
          float high = implicitZeros ? Math.max(max[f], 0) : max[f];
          offset[f] = low;
          scale[f] = high > low ? 1f / (high - low) : 1f;
        }
        case STANDARDIZE -> {
          double mean = sum[f] / rows;
          double variance = Math.max(0, squares[f] / rows - mean * mean);
          offset[f] = (float) mean;
          scale[f] = variance > 0 ? (float) (1 / Math.sqrt(variance)) : 1f;
        }
        case NONE -> { }
      }
    }
    return new FeatureScaling(kind, offset, scale);
  }

  private void grow(int width) {
    if (width > sum.length) {
      sum = Arrays.copyOf(sum, width);
      squares = Arrays.copyOf(squares, width);
      min = Arrays.copyOf(min, width);
      max = Arrays.copyOf(max, width);
      present = Arrays.copyOf(present, width);
    }
  }
}
