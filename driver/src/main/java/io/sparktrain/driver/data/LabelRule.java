package io.sparktrain.driver.data;

import java.io.Serializable;

/**
 * What a valid label is: an integer in {@code [0, classes)} for classification, any finite number
 * for regression.
 *
 * @param classes number of classes, or 0 for regression
 */
record LabelRule(int classes) implements Serializable {

  /** Returns the label, or throws naming the file, row and column. */
  float check(double value, String file, long row, String column) {
    if (!Double.isFinite(value)) {
      throw BadInputException.at(file, row, column, "label is " + value + ", expected a finite number");
    }
    if (classes > 0 && (value != Math.rint(value) || value < 0 || value >= classes)) {
      throw BadInputException.at(file, row, column,
          "label " + value + " is not a class index in [0, " + classes + ")");
    }
    return (float) value;
  }
}
