package io.sparktrain.driver.data;

import static io.sparktrain.driver.data.BadInputException.badRow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * LibSVM / SVMlight text: {@code label index:value ...} with 1-based, strictly increasing
 * indices up to {@value #MAX_INDEX}; {@code #} starts a comment; blank lines are skipped. Rows are
 * numbered by line from 1; columns are whitespace-separated tokens, numbered from 1 with the label
 * (token 1) named {@code label}.
 */
final class LibSvmParser implements RowParser {
  /** The largest feature index: rows become dense arrays, so a larger width cannot be trained. */
  static final int MAX_INDEX = 1 << 24;
  private static final long serialVersionUID = 1L;
  private final BadRowPolicy policy;

  /** @param policy what to do with a bad row */
  LibSvmParser(BadRowPolicy policy) {
    this.policy = policy;
  }

  @Override
  public SkippedRows parse(List<String> files, List<InputStream> streams, LabelRule labels, Consumer<Row> sink)
      throws IOException {
    String file = files.get(0);
    var reader = new BufferedReader(new InputStreamReader(streams.get(0), StandardCharsets.UTF_8));
    SkippedRows skipped = new SkippedRows();
    long line = 0;
    long position = 0;
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      int comment = text.indexOf('#');
      String content = (comment >= 0 ? text.substring(0, comment) : text).trim();
      if (content.isEmpty()) {
        continue;
      }
      Row row;
      try {
        row = row(content.split("\\s+"), file, line, labels, position);
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

  private static Row row(String[] tokens, String file, long line, LabelRule labels, long position) {
    if (tokens[0].indexOf(':') >= 0) {
      throw badRow(BadRowReason.MISSING_LABEL, file, line, "label",
          "'" + tokens[0] + "' is index:value, expected the label first");
    }
    float value = labels.check(number(tokens[0], file, line, "label"), file, line, "label");
    int[] indices = new int[tokens.length - 1];
    float[] values = new float[tokens.length - 1];
    int previous = 0;
    for (int t = 1; t < tokens.length; t++) {
      String column = String.valueOf(t + 1);
      int colon = tokens[t].indexOf(':');
      if (colon <= 0) {
        throw badRow(BadRowReason.MALFORMED_FEATURE, file, line, column, "'" + tokens[t] + "' is not index:value");
      }
      String indexText = tokens[t].substring(0, colon);
      int index;
      try {
        index = Integer.parseInt(indexText);
      } catch (NumberFormatException e) {
        throw badRow(BadRowReason.BAD_FEATURE_INDEX, file, line, column,
            "'" + indexText + "' is not a feature index (an integer from 1 to " + MAX_INDEX + ")");
      }
      if (index <= previous || index > MAX_INDEX) {
        throw badRow(BadRowReason.BAD_FEATURE_INDEX, file, line, column, "feature index " + index
            + (index < 1 ? " is below 1 (indices are 1-based)"
                : index > MAX_INDEX ? " is above " + MAX_INDEX : " does not increase"));
      }
      String valueText = tokens[t].substring(colon + 1);
      float feature = (float) number(valueText, file, line, column);
      if (!Float.isFinite(feature)) {
        throw badRow(BadRowReason.NON_FINITE_FEATURE, file, line, column,
            "value " + valueText + " of feature " + index + " is not a finite float");
      }
      indices[t - 1] = index - 1;
      values[t - 1] = feature;
      previous = index;
    }
    return new Row(position, values, indices, value);
  }

  private static double number(String text, String file, long line, String column) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw badRow(BadRowReason.UNPARSABLE_NUMBER, file, line, column, "'" + text + "' is not a number");
    }
  }
}
