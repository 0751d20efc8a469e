package io.sparktrain.driver.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the bytes of one input unit (a file, or the two files of an IDX pair) into rows, each
 * with its 0-based position inside the unit. Every problem is a {@link BadInputException} that
 * names the file, the row and, where there is one, the column.
 */
interface RowParser extends java.io.Serializable {

  /**
   * @param files the unit's file names, for messages, in the order of {@code streams}
   * @param streams the unit's decompressed contents
   * @param labels checks each label
   * @param sink receives the rows in input order
   */
  void parse(List<String> files, List<InputStream> streams, LabelRule labels, Consumer<Row> sink)
      throws IOException;

  /** The parser for {@code spec}'s format. */
  static RowParser forSpec(DataSpec spec) {
    return switch (spec.format()) {
      case IDX -> new IdxParser();
      case CSV -> new CsvParser(spec.label(), spec.header());
      case LIBSVM -> new LibSvmParser();
    };
  }
}
