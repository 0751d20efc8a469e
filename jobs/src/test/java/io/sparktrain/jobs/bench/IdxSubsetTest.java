package io.sparktrain.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxSubsetTest {
  private static final DataSpec SPEC = new DataSpec("unused", null, DataFormat.IDX, null, false, 10,
      Normalization.NONE, false);

  @TempDir
  Path dir;

  @Test
  void keepsTheFirstExamplesOfAGzippedPair() throws IOException {
    // Three 2x2 images whose pixels are 10*i + p, labelled 7, 8, 9.
    writeGzipped(dir.resolve("full-images-idx3-ubyte.gz"), 2051, new int[] {3, 2, 2},
        new byte[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23});
    writeGzipped(dir.resolve("full-labels-idx1-ubyte.gz"), 2049, new int[] {3}, new byte[] {7, 8, 9});

    String subset = IdxSubset.write(dir.resolve("full").toString(), dir.resolve("sub/first-2"), 2);
    Examples read = LocalReader.read(SPEC, subset, new Configuration());

    assertThat(read.count()).isEqualTo(2);
    assertThat(read.width()).isEqualTo(4);
    assertThat(read.features()).containsExactly(0f, 1f, 2f, 3f, 10f, 11f, 12f, 13f);
    assertThat(read.labels()).containsExactly(7f, 8f);
  }

  @Test
  void refusesToKeepMoreExamplesThanThereAre() throws IOException {
    writeGzipped(dir.resolve("tiny-images-idx3-ubyte.gz"), 2051, new int[] {1, 1, 1}, new byte[] {5});
    writeGzipped(dir.resolve("tiny-labels-idx1-ubyte.gz"), 2049, new int[] {1}, new byte[] {1});

    assertThatThrownBy(() -> IdxSubset.write(dir.resolve("tiny").toString(), dir.resolve("out"), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 1 examples, fewer than the 2 asked for");
  }

  private static void writeGzipped(Path file, int magic, int[] dimensions, byte[] body) throws IOException {
    try (var out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(magic);
      for (int size : dimensions) {
        out.writeInt(size);
      }
      out.write(body);
    }
  }
}
