package io.sparktrain.jobs.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Writes the first {@code n} examples of an IDX images/labels pair as a new, uncompressed pair,
 * so that every system can read a smaller training set through its ordinary reader.
 */
final class IdxSubset {
  private IdxSubset() {}

  /**
   * Copies the first {@code count} examples of the pair at {@code source} (a path prefix; each
   * file may be gzipped) to the pair at {@code target}.
   *
   * @return {@code target}, the new pair's prefix
   * @throws IllegalArgumentException if the pair holds fewer than {@code count} examples
   */
  static String write(String source, Path target, int count) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    copy(source + "-images-idx3-ubyte", Path.of(target + "-images-idx3-ubyte"), count, 3);
    copy(source + "-labels-idx1-ubyte", Path.of(target + "-labels-idx1-ubyte"), count, 1);
    return target.toString();
  }

  private static void copy(String file, Path target, int count, int dimensions) throws IOException {
    try (var in = new DataInputStream(open(file));
        var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(target)))) {
      out.writeInt(in.readInt());
      int available = in.readInt();
      if (available < count) {
        throw new IllegalArgumentException(file + " holds " + available + " examples, fewer than the "
            + count + " asked for");
      }
      out.writeInt(count);
      long bytesPerExample = 1;
      for (int d = 1; d < dimensions; d++) {
        int size = in.readInt();
        out.writeInt(size);
        bytesPerExample *= size;
      }
      byte[] example = new byte[(int) bytesPerExample];
      for (int i = 0; i < count; i++) {
        in.readFully(example);
        out.write(example);
      }
    }
  }

  private static InputStream open(String file) throws IOException {
    Path plain = Path.of(file);
    if (Files.exists(plain)) {
      return new BufferedInputStream(Files.newInputStream(plain));
    }
    return new GZIPInputStream(new BufferedInputStream(Files.newInputStream(Path.of(file + ".gz"))));
  }
}
