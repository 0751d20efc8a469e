package io.sparktrain.driver.data;

import io.sparktrain.kernels.train.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes examples as CSV files (label in column 0) for tests that go through the real loader. */
public final class CsvFiles {
  private CsvFiles() {}

  /** Writes {@code data} to {@code file}, one example per line, label first. */
  public static Path write(Examples data, Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < data.count(); i++) {
      StringBuilder line = new StringBuilder().append((int) data.labels()[i]);
      for (int j = 0; j < data.width(); j++) {
        line.append(',').append(data.features()[i * data.width() + j]);
      }
      lines.add(line.toString());
    }
    return Files.write(file, lines);
  }

  /** A CSV data spec over {@code path} with the label in column 0 and no normalization. */
  public static DataSpec spec(Path path, int classes, boolean shuffle) {
    return new DataSpec(path.toString(), null, DataFormat.CSV, "0", false, classes, Normalization.NONE, shuffle);
  }
}
