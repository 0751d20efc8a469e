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

  /** Writes the first {@code count} examples of {@code HOME/name} to {@code dir/name-*} and returns the prefix. */
  static String write(String name, int count, Path dir) throws IOException {
    if (!Files.exists(Path.of(HOME, name + "-images-idx3-ubyte.gz"))) {
      throw new IllegalStateException("Fashion-MNIST is missing from " + HOME
          + ": install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
    }
    DataSpec spec = new DataSpec(HOME + "/" + name, null, DataFormat.IDX, null, false, 10, Normalization.NONE, false);
    Examples all = LocalReader.read(spec, spec.train(), new Configuration());
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
