package io.sparktrain.jobs.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A job's output folder on any Hadoop file system. Every file is written under a temporary name
 * in the same folder and then renamed over the final one, so a reader (or a crash) never sees a
 * half-written file and a failed run never destroys the output of an earlier good one.
 */
public final class OutputDir {
  private final FileSystem fs;
  private final Path dir;

  /**
   * @param dir the folder, created on first write
   * @param conf the Hadoop configuration (Spark's, so that credentials apply)
   */
  public OutputDir(String dir, Configuration conf) {
    this.dir = new Path(dir);
    try {
      this.fs = this.dir.getFileSystem(conf);
      // No ".name.crc" companions next to the outputs on a local disk; HDFS checksums itself.
      this.fs.setWriteChecksum(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach output.dir " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The full path of {@code name} in this folder. */
  public String resolve(String name) {
    return new Path(dir, name).toString();
  }

  /** The text (UTF-8) of {@code name}, or empty when there is no such file. */
  public java.util.Optional<String> readText(String name) {
    Path file = new Path(dir, name);
    try (java.io.InputStream in = fs.open(file)) {
      return java.util.Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (java.io.FileNotFoundException e) {
      return java.util.Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Replaces {@code name} with {@code text} (UTF-8) atomically. */
  public void writeText(String name, String text) {
    write(name, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Replaces {@code name} with the bytes of local file {@code source} atomically. */
  public void copyFrom(java.nio.file.Path source, String name) {
    write(name, out -> Files.copy(source, out));
  }

  /** Something that writes a file's content. */
  @FunctionalInterface
  public interface Content {
    /** Writes the content to {@code out}. */
    void writeTo(OutputStream out) throws IOException;
  }

  /** Replaces {@code name} with {@code content} atomically (temporary name, then rename). */
  public void write(String name, Content content) {
    Path target = new Path(dir, name);
    Path temporary = new Path(dir, "." + name + ".tmp-" + Long.toHexString(System.nanoTime()));
    try {
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(temporary, false)) {
        content.writeTo(out);
      }
      if (fs.exists(target) && !fs.delete(target, false)) {
        throw new IOException("cannot replace " + target);
      }
      if (!fs.rename(temporary, target)) {
        throw new IOException("cannot rename " + temporary + " to " + target);
      }
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private void deleteQuietly(Path path) {
    try {
      fs.delete(path, false);
    } catch (IOException ignored) {
      // The write already failed; a stray temporary file is harmless and hidden.
    }
  }
}
