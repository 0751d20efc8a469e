package io.sparktrain.driver.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the bytes of one input unit (a file, or the two files of an IDX pair) into rows, each
 * with its 0-based position among the unit's kept rows. A bad row is a {@link BadInputException}
 * that names the file, the row and, where there is one, the column, unless the parser's
 * {@link BadRowPolicy} skips it; then it is counted and takes no position, as if it were not in
 * the file. Problems of the whole unit (empty, truncated, a bad header) always throw.
 */
interface RowParser extends java.io.Serializable {

  /**
   * @param files the unit's file names, for messages, in the order of {@code streams}
   * @param streams the unit's decompressed contents
   * @param labels checks each label
   * @param sink receives the kept rows in input order
   * @return the rows skipped
   */
  SkippedRows parse(List<String> files, List<InputStream> streams, LabelRule labels, Consumer<Row> sink)
      throws IOException;

  /** The parser for {@code spec}'s format and bad-row policy. */
  static RowParser forSpec(DataSpec spec) {
    return switch (spec.format()) {
      case IDX -> new IdxParser(spec.badRows());
      case CSV -> new CsvParser(spec.label(), spec.header(), spec.badRows());
      case LIBSVM -> new LibSvmParser(spec.badRows());
    };
  }
}
