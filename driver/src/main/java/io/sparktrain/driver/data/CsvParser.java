package io.sparktrain.driver.data;

import static io.sparktrain.driver.data.BadInputException.badRow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Comma-separated numbers, one example per line; blank lines are skipped, as is a byte-order mark.
 * Every row of a file must have as many columns as its header, or without one as its first row.
 * Rows are numbered by line, from 1, header included; columns from 1, or by header name.
 */
final class CsvParser implements RowParser {
  private static final long serialVersionUID = 1L;
  private final String label;
  private final boolean header;
  private final BadRowPolicy policy;

  /**
   * @param label 0-based column index, or a header name when {@code header} is set
   * @param header whether each file starts with a header line
   * @param policy what to do with a bad row
   */
  CsvParser(String label, boolean header, BadRowPolicy policy) {
    this.label = label;
    this.header = header;
    this.policy = policy;
  }

  @Override
  public SkippedRows parse(List<String> files, List<InputStream> streams, LabelRule labels, Consumer<Row> sink)
      throws IOException {
    String file = files.get(0);
    var reader = new BufferedReader(new InputStreamReader(streams.get(0), StandardCharsets.UTF_8));
    SkippedRows skipped = new SkippedRows();
    String[] names = null;
    int labelColumn = -1;
    int columns = -1;
    long line = 0;
    long position = 0;
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      if (line == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (text.isBlank()) {
        continue;
      }
      String[] cells = text.split(",", -1);
      if (columns < 0) {
        columns = cells.length;
        if (header) {
          names = Arrays.stream(cells).map(String::trim).toArray(String[]::new);
        }
        labelColumn = resolveLabel(file, names);
        if (labelColumn >= columns) {
          throw BadInputException.at(file, line, null, "label column " + labelColumn
              + " does not exist: the " + (header ? "header" : "row") + " has " + columns
              + " columns (0-based indices)");
        }
        if (columns < 2) {
          throw BadInputException.at(file, line, null, "needs a label and at least one feature column, has "
              + columns + " column" + (header ? " in the header" : ""));
        }
        if (header) {
          continue;
        }
      }
      Row row;
      try {
        row = row(cells, columns, labelColumn, names, file, line, labels, position);
      } catch (BadInputException bad) {
        policy.skipOrThrow(bad, skipped);
        continue;
      }
      sink.accept(row);
      position++;
    }
    if (position == 0 && skipped.total() == 0) {
      throw new BadInputException(file + ": no data rows" + (line == 0 ? " (the file is empty)" : ""));
    }
    return skipped;
  }

  private static Row row(String[] cells, int columns, int labelColumn, String[] names, String file, long line,
      LabelRule labels, long position) {
    if (cells.length != columns) {
      throw badRow(BadRowReason.WRONG_WIDTH, file, line, null, "has " + cells.length + " columns, expected "
          + columns + " like the " + (names == null ? "first row" : "header"));
    }
    float[] features = new float[columns - 1];
    float value = 0;
    for (int c = 0, f = 0; c < columns; c++) {
      String column = names == null ? String.valueOf(c + 1) : "'" + names[c] + "'";
      String cell = cells[c].trim();
      if (c == labelColumn) {
        if (cell.isEmpty()) {
          throw badRow(BadRowReason.MISSING_LABEL, file, line, column, "the label is empty");
        }
        value = labels.check(number(cell, file, line, column), file, line, column);
      } else {
        if (cell.isEmpty()) {
          throw badRow(BadRowReason.MISSING_VALUE, file, line, column, "the value is empty");
        }
        float x = (float) number(cell, file, line, column);
        if (!Float.isFinite(x)) {
          throw badRow(BadRowReason.NON_FINITE_FEATURE, file, line, column,
              "value " + cell + " is not a finite float");
        }
        features[f++] = x;
      }
    }
    return new Row(position, features, null, value);
  }

  private int resolveLabel(String file, String[] names) {
    if (!label.isEmpty() && label.chars().allMatch(Character::isDigit)) {
      try {
        return Integer.parseInt(label);
      } catch (NumberFormatException e) {
        throw new BadInputException(file + ": label column " + label + " does not exist");
      }
    }
    int index = names == null ? -1 : Arrays.asList(names).indexOf(label);
    if (index < 0) {
      throw new BadInputException(file + ": label column '" + label + "' is not in the header "
          + (names == null ? "(the file has none)" : Arrays.toString(names)));
    }
    return index;
  }

  private static double number(String cell, String file, long line, String column) {
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw badRow(BadRowReason.UNPARSABLE_NUMBER, file, line, column, "'" + cell + "' is not a number");
    }
  }
}
