package io.sparktrain.driver.data;

/**
 * Input data cannot be used as given: a missing file, a malformed row, a value out of range. The
 * message names the file and, where there is one, the row (1-based line or record number) and
 * column. The CLI maps it to exit status 3. Serializable, so it survives the trip from an executor
 * to the driver inside Spark's task failure.
 */
public final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final BadRowReason reason;
  private final String file;
  private final long row;

  /** @param message names the file, and the row and column where they apply */
  public BadInputException(String message) {
    super(message);
    this.reason = null;
    this.file = null;
    this.row = 0;
  }

  /** @param message names the file; {@code cause} is the I/O failure behind it */
  public BadInputException(String message, Throwable cause) {
    super(message, cause);
    this.reason = null;
    this.file = null;
    this.row = 0;
  }

  private BadInputException(BadRowReason reason, String file, long row, String message) {
    super(message);
    this.reason = reason;
    this.file = file;
    this.row = row;
  }

  /** A problem at {@code file}, row {@code row} (1-based), optionally a column. */
  public static BadInputException at(String file, long row, String column, String problem) {
    return new BadInputException(where(file, row, column) + problem);
  }

  /**
   * A problem confined to one row, which {@code data.on-bad-row: skip} may skip: at {@code file},
   * row {@code row} (1-based), optionally a column.
   */
  static BadInputException badRow(BadRowReason reason, String file, long row, String column, String problem) {
    return new BadInputException(reason, file, row, where(file, row, column) + problem);
  }

  private static String where(String file, long row, String column) {
    return file + ": row " + row + (column == null ? "" : ", column " + column) + ": ";
  }

  /** Why the row was bad, or null when the problem is not confined to one row. */
  BadRowReason reason() {
    return reason;
  }

  /** The file of a bad row, or null. */
  String file() {
    return file;
  }

  /** The 1-based row of a bad row, or 0. */
  long row() {
    return row;
  }

  /**
   * Finds a {@code BadInputException} in {@code failure}'s cause chain, as Spark wraps executor
   * exceptions in its own; when the class did not survive (an older executor classpath), one is
   * rebuilt from Spark's message text.
   */
  public static BadInputException findIn(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BadInputException bad) {
        return bad;
      }
    }
    String text = failure.getMessage();
    String marker = BadInputException.class.getName() + ": ";
    if (text != null && text.contains(marker)) {
      String rest = text.substring(text.indexOf(marker) + marker.length());
      int end = rest.indexOf('\n');
      return new BadInputException(end < 0 ? rest : rest.substring(0, end));
    }
    return null;
  }
}
