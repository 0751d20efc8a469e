package io.sparktrain.driver.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Comma-separated numbers, one example per line; blank lines are skipped. Every row of a file must
 * have as many columns as its first. Rows are numbered by line, from 1, header included.
 */
final class CsvParser implements RowParser {
  private final String label;
  private final boolean header;

  /**
   * @param label 0-based column index, or a header name when {@code header} is set
   * @param header whether each file starts with a header line
   */
  CsvParser(String label, boolean header) {
    this.label = label;
    this.header = header;
  }

  @Override
  public void parse(List<String> files, List<InputStream> streams, LabelRule labels, Consumer<Row> sink)
      throws IOException {
    String file = files.get(0);
    var reader = new BufferedReader(new InputStreamReader(streams.get(0), StandardCharsets.UTF_8));
    String[] names = null;
    int labelColumn = -1;
    int columns = -1;
    long line = 0;
    long position = 0;
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      String[] cells = text.split(",", -1);
      if (header && names == null) {
        names = Arrays.stream(cells).map(String::trim).toArray(String[]::new);
        labelColumn = resolveLabel(file, names);
        continue;
      }
      if (columns < 0) {
        columns = cells.length;
        if (names != null && names.length != columns) {
          throw BadInputException.at(file, line, null,
              "has " + columns + " columns but the header has " + names.length);
        }
        if (labelColumn < 0) {
          labelColumn = resolveLabel(file, null);
          if (labelColumn >= columns) {
            throw BadInputException.at(file, line, null, "label column " + labelColumn
                + " does not exist: the row has " + columns + " columns (0-based indices)");
          }
        }
        if (columns < 2) {
          throw BadInputException.at(file, line, null, "needs a label and at least one feature column");
        }
      } else if (cells.length != columns) {
        throw BadInputException.at(file, line, null,
            "has " + cells.length + " columns, expected " + columns + " like the first row");
      }
      float[] features = new float[columns - 1];
      float value = 0;
      for (int c = 0, f = 0; c < columns; c++) {
        String column = names == null ? String.valueOf(c + 1) : "'" + names[c] + "'";
        double cell = number(cells[c], file, line, column);
        if (c == labelColumn) {
          value = labels.check(cell, file, line, column);
        } else {
          if (!Double.isFinite(cell)) {
            throw BadInputException.at(file, line, column, "value " + cells[c].trim() + " is not finite");
          }
          features[f++] = (float) cell;
        }
      }
      sink.accept(new Row(position++, features, null, value));
    }
    if (position == 0) {
      throw new BadInputException(file + ": no data rows");
    }
  }

  private int resolveLabel(String file, String[] names) {
    if (label.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(label);
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
      return Double.parseDouble(cell.trim());
    } catch (NumberFormatException e) {
      throw BadInputException.at(file, line, column, "'" + cell.trim() + "' is not a number");
    }
  }
}
