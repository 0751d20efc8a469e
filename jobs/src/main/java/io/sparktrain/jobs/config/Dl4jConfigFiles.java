package io.sparktrain.jobs.config;

import io.sparktrain.kernels.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the text of a {@code model.dl4j-config} file through the Hadoop {@link FileSystem} API, so
 * that a local path (relative to the working directory), {@code file://}, {@code hdfs://},
 * {@code s3a://} or {@code gs://} all work. It is read once, on the driver; the text travels with
 * the model spec.
 */
final class Dl4jConfigFiles {
  /** Larger than any layer configuration: a bigger file is not a configuration. */
  private static final long MAX_BYTES = 16L << 20;

  private Dl4jConfigFiles() {}

  /** The file's text (UTF-8). */
  static String read(String location) {
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(new Configuration());
      if (!fs.exists(path) || !fs.getFileStatus(path).isFile()) {
        throw new ConfigException("model.dl4j-config " + location + ": no such file");
      }
      long length = fs.getFileStatus(path).getLen();
      if (length > MAX_BYTES) {
        throw new ConfigException("model.dl4j-config " + location + " has " + length
            + " bytes; a DL4J MultiLayerConfiguration JSON is far smaller");
      }
      try (InputStream in = fs.open(path)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("model.dl4j-config " + location + " cannot be read: " + e.getMessage());
    }
  }
}
