package io.sparktrain.driver.data;

/**
 * Input data cannot be used as given: a missing file, a malformed row, a value out of range. The
 * message names the file and, where there is one, the row (1-based line or record number) and
 * column. The CLI maps it to exit status 3. Serializable, so it survives the trip from an executor
 * to the driver inside Spark's task failure.
 */
public final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message names the file, and the row and column where they apply */
  public BadInputException(String message) {
    super(message);
  }

  /** @param message names the file; {@code cause} is the I/O failure behind it */
  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A problem at {@code file}, row {@code row} (1-based), optionally a column. */
  public static BadInputException at(String file, long row, String column, String problem) {
    return new BadInputException(file + ": row " + row + (column == null ? "" : ", column " + column)
        + ": " + problem);
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
