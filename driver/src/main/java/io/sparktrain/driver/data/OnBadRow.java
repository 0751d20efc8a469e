package io.sparktrain.driver.data;

/** What to do with a row that cannot be used (YAML {@code data.on-bad-row}). */
public enum OnBadRow {
  /** Stop at the first bad row, naming its file, row and column. */
  FAIL,
  /**
   * Drop bad rows, count them per reason, and fail only when their fraction exceeds
   * {@code data.max-bad-fraction}.
   */
  SKIP
}
