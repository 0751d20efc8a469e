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
   * Reads every example of {@code path} in input order, leaving out the rows that the spec's
   * bad-row policy skips.
   *
   * @param spec format, label and class settings
   * @param path the file, folder, glob or IDX prefix to read
   */
  public static Examples read(DataSpec spec, String path, Configuration conf) {
    RowParser parser = RowParser.forSpec(spec);
    LabelRule labels = new LabelRule(spec.classes());
    List<Row> rows = new ArrayList<>();
    SkippedRows skipped = new SkippedRows();
    String firstFile = null;
    int firstWidth = 0;
    for (List<String> unit : InputUnits.expand(path, spec.format(), conf)) {
      int before = rows.size();
      skipped.merge(InputUnits.parse(unit, conf, parser, labels, rows::add));
      if (spec.format() != DataFormat.LIBSVM && rows.size() > before) {
        int width = rows.get(before).width();
        if (firstFile == null) {
          firstFile = unit.get(0);
          firstWidth = width;
        } else if (width != firstWidth) {
          throw new BadInputException(unit.get(0) + ": rows have " + width + " features but " + firstFile
              + " has " + firstWidth);
        }
      }
    }
    spec.badRows().check(path, skipped, rows.size());
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
