package io.sparktrain.driver.data;

import java.io.Serializable;

/**
 * What valid features are for a model whose first layer is an embedding: token ids, integers in
 * {@code [0, vocabulary)}. Checked while parsing, where the file and the example are known, so a
 * bad id is a {@link BadInputException} rather than a failure inside the native lookup.
 *
 * @param vocabulary the embedding's vocabulary size, or 0 when features are not token ids
 */
record TokenRule(int vocabulary) implements Serializable {

  /** Throws naming the file, the example (1-based, in file order) and the feature when a value is no id. */
  void check(Row row, String file) {
    if (vocabulary == 0) {
      return;
    }
    float[] values = row.values();
    for (int k = 0; k < values.length; k++) {
      float value = values[k];
      if (value != Math.rint(value) || value < 0 || value >= vocabulary) {
        int feature = row.indices() == null ? k : row.indices()[k];
        throw new BadInputException(file + ": example " + (row.index() + 1) + ", feature " + (feature + 1)
            + ": token id " + value + " is not an integer in [0, " + vocabulary
            + ") (model.layers[0].vocabulary)");
      }
    }
  }
}
