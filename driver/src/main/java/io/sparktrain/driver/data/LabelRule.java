package io.sparktrain.driver.data;

import static io.sparktrain.driver.data.BadInputException.badRow;

import java.io.Serializable;

/**
 * What a valid label is: an integer in {@code [0, classes)} for classification, any number that
 * is finite as a float for regression.
 *
 * @param classes number of classes, or 0 for regression
 */
record LabelRule(int classes) implements Serializable {

  /** Returns the label, or throws a bad-row exception naming the file, row and column. */
  float check(double value, String file, long row, String column) {
    if (!Float.isFinite((float) value)) {
      throw badRow(BadRowReason.NON_FINITE_LABEL, file, row, column,
          "label is " + value + ", expected a number that is finite as a float");
    }
    if (classes > 0 && (value != Math.rint(value) || value < 0 || value >= classes)) {
      throw badRow(BadRowReason.LABEL_OUT_OF_RANGE, file, row, column,
          "label " + value + " is not a class index in [0, " + classes + ")");
    }
    return (float) value;
  }
}
