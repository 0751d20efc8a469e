package io.sparktrain.driver.data;

/**
 * Why a row was bad; the kebab-case names are the keys of {@code skipped_rows} in
 * {@code summary.json}. Problems of a whole file (truncated, empty, missing header column) have
 * no reason here: they are never skipped.
 */
enum BadRowReason {
  /** A cell or value that is not a number. */
  UNPARSABLE_NUMBER,
  /** An empty feature cell. */
  MISSING_VALUE,
  /** An empty label cell, or a LibSVM row that starts with {@code index:value}. */
  MISSING_LABEL,
  /** A feature that is NaN or infinite, or too large for a float. */
  NON_FINITE_FEATURE,
  /** A label that is NaN or infinite, or too large for a float. */
  NON_FINITE_LABEL,
  /** A label that is not an integer class in {@code [0, classes)}. */
  LABEL_OUT_OF_RANGE,
  /** A CSV row with a different number of columns than the header or the first row. */
  WRONG_WIDTH,
  /** A LibSVM token that is not {@code index:value}. */
  MALFORMED_FEATURE,
  /** A LibSVM feature index that is not an integer, below 1, too large, or not increasing. */
  BAD_FEATURE_INDEX;

  /** The name used in reports, such as {@code wrong-width}. */
  String key() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
