package io.sparktrain.driver.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * LibSVM / SVMlight text: {@code label index:value ...} with 1-based, strictly increasing
 * indices; {@code #} starts a comment; blank lines are skipped. Rows are numbered by line from 1.
 */
final class LibSvmParser implements RowParser {

  @Override
  public void parse(List<String> files, List<InputStream> streams, LabelRule labels, Consumer<Row> sink)
      throws IOException {
    String file = files.get(0);
    var reader = new BufferedReader(new InputStreamReader(streams.get(0), StandardCharsets.UTF_8));
    long line = 0;
    long position = 0;
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      int comment = text.indexOf('#');
      String content = (comment >= 0 ? text.substring(0, comment) : text).trim();
      if (content.isEmpty()) {
        continue;
      }
      String[] tokens = content.split("\\s+");
      float value = labels.check(number(tokens[0], file, line, "label"), file, line, "label");
      int[] indices = new int[tokens.length - 1];
      float[] values = new float[tokens.length - 1];
      int previous = 0;
      for (int t = 1; t < tokens.length; t++) {
        int colon = tokens[t].indexOf(':');
        if (colon <= 0) {
          throw BadInputException.at(file, line, String.valueOf(t + 1),
              "'" + tokens[t] + "' is not index:value");
        }
        int index;
        try {
          index = Integer.parseInt(tokens[t].substring(0, colon));
        } catch (NumberFormatException e) {
          throw BadInputException.at(file, line, String.valueOf(t + 1),
              "'" + tokens[t].substring(0, colon) + "' is not a feature index");
        }
        if (index <= previous) {
          throw BadInputException.at(file, line, String.valueOf(t + 1), "feature index " + index
              + (index < 1 ? " is below 1 (indices are 1-based)" : " does not increase"));
        }
        double feature = number(tokens[t].substring(colon + 1), file, line, "feature " + index);
        if (!Double.isFinite(feature)) {
          throw BadInputException.at(file, line, "feature " + index, "value " + feature + " is not finite");
        }
        indices[t - 1] = index - 1;
        values[t - 1] = (float) feature;
        previous = index;
      }
      sink.accept(new Row(position++, values, indices, value));
    }
    if (position == 0) {
      throw new BadInputException(file + ": no data rows");
    }
  }

  private static double number(String text, String file, long line, String column) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw BadInputException.at(file, line, column, "'" + text + "' is not a number");
    }
  }
}
