package io.sparktrain.driver.data;

/** Input formats (YAML {@code data.format}). */
public enum DataFormat {
  /**
   * The IDX pair of MNIST-style data sets: {@code PATH-images-idx3-ubyte[.gz]} and
   * {@code PATH-labels-idx1-ubyte[.gz]}, where {@code PATH} is the configured path.
   */
  IDX,
  /** Comma-separated numbers, one example per line, the label in one column. */
  CSV,
  /** LibSVM / SVMlight: {@code label index:value ...} with 1-based indices. */
  LIBSVM
}
