package io.sparktrain.driver.data;

import io.sparktrain.kernels.train.Examples;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a whole data set into this JVM, without Spark and without normalization, with the same
 * parsers and error messages as {@link DatasetLoader}. For small data: baselines, tools, tests.
 */
public final class LocalReader {
  private LocalReader() {}

  /**
   * Reads every example of {@code path} in input order.
   *
   * @param spec format, label and class settings
   * @param path the file, folder, glob or IDX prefix to read
   */
  public static Examples read(DataSpec spec, String path, Configuration conf) {
    RowParser parser = RowParser.forSpec(spec);
    LabelRule labels = new LabelRule(spec.classes());
    List<Row> rows = new ArrayList<>();
    for (List<String> unit : InputUnits.expand(path, spec.format(), conf)) {
      InputUnits.parse(unit, conf, parser, labels, rows::add);
    }
    int width = rows.stream().mapToInt(Row::width).max().orElse(0);
    float[] features = new float[rows.size() * width];
    float[] labelValues = new float[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      rows.get(i).copyTo(features, i * width, width);
      labelValues[i] = rows.get(i).label();
    }
    return new Examples(features, labelValues, rows.size(), width);
  }
}
