package io.sparktrain.jobs;

import io.sparktrain.driver.data.DataFormat;
import io.sparktrain.driver.data.DataSpec;
import io.sparktrain.driver.data.LocalReader;
import io.sparktrain.driver.data.Normalization;
import io.sparktrain.kernels.train.Examples;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;

/**
 * The first examples of the real Fashion-MNIST data (Debian package {@code dataset-fashion-mnist},
 * which {@code .ci/run} installs), rewritten as a smaller IDX pair so that tests stay fast.
 */
final class FashionMnistSubset {
  static final String HOME = "/usr/share/datasets/fashion-mnist";

  private FashionMnistSubset() {}

  /**
   * Writes the first {@code count} examples of {@code HOME/name} as two CSV files (label first,
   * pixels / 255): classes 0-4 to {@code first}, classes 5-9 relabelled 0-4 to {@code second}.
   * The pixels are scaled here, the same for both halves, because a normalization fitted per pixel
   * on one half does not suit the other (shoes and bags ink pixels that tops leave blank).
   */
  static void writeCsvByClass(String name, int count, Path first, Path second) throws IOException {
    Examples all = read(name);
    java.util.List<String> low = new java.util.ArrayList<>();
    java.util.List<String> high = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      int label = (int) all.labels()[i];
      StringBuilder line = new StringBuilder().append(label % 5);
      for (int p = 0; p < 784; p++) {
        line.append(',').append(all.features()[i * 784 + p] / 255f);
      }
      (label < 5 ? low : high).add(line.toString());
    }
    Files.write(first, low);
    Files.write(second, high);
  }

  private static Examples read(String name) {
    if (!Files.exists(Path.of(HOME, name + "-images-idx3-ubyte.gz"))) {
      throw new IllegalStateException("Fashion-MNIST is missing from " + HOME
          + ": install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
    }
    DataSpec spec = new DataSpec(HOME + "/" + name, null, DataFormat.IDX, null, false, 10, Normalization.NONE, false);
    return LocalReader.read(spec, spec.train(), new Configuration());
  }

  /** Writes the first {@code count} examples of {@code HOME/name} to {@code dir/name-*} and returns the prefix. */
  static String write(String name, int count, Path dir) throws IOException {
    Examples all = read(name);
    Path prefix = dir.resolve(name);
    try (var images = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(Path.of(prefix + "-images-idx3-ubyte.gz"))));
        var labels = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(Path.of(prefix + "-labels-idx1-ubyte.gz"))))) {
      images.writeInt(0x803);
      images.writeInt(count);
      images.writeInt(28);
      images.writeInt(28);
      labels.writeInt(0x801);
      labels.writeInt(count);
      for (int i = 0; i < count; i++) {
        for (int p = 0; p < 784; p++) {
          images.writeByte((int) all.features()[i * 784 + p]);
        }
        labels.writeByte((int) all.labels()[i]);
      }
    }
    return prefix.toString();
  }
}
