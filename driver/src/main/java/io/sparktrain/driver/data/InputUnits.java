package io.sparktrain.driver.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Expands a configured data path into input units, in a fixed order: the files that a file,
 * folder or glob names (sorted by path, hidden and {@code _}-prefixed files skipped), or the
 * images/labels pair of an IDX prefix. Opens them through Hadoop's {@link FileSystem}, so any
 * scheme works, decompressing by file extension.
 */
final class InputUnits {
  private InputUnits() {}

  /** Each unit is the list of files parsed together: one file, or the two of an IDX pair. */
  static List<List<String>> expand(String path, DataFormat format, Configuration conf) {
    try {
      return format == DataFormat.IDX ? List.of(idxPair(path, conf)) : files(path, conf);
    } catch (IOException e) {
      throw new BadInputException(path + ": cannot list input: " + e.getMessage(), e);
    }
  }

  /** Opens {@code file}, decompressing it when its extension names a codec (.gz, .bz2, ...). */
  static InputStream open(String file, Configuration conf) throws IOException {
    Path path = new Path(file);
    InputStream raw = path.getFileSystem(conf).open(path);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    return codec == null ? raw : codec.createInputStream(raw);
  }

  /**
   * Opens the files of one unit and parses them, turning read failures (a truncated compressed
   * file, an unreadable path) into {@link BadInputException}s that name the files.
   *
   * @return the rows the parser's policy skipped
   */
  static SkippedRows parse(List<String> files, Configuration conf, RowParser parser, LabelRule labels,
      Consumer<Row> sink) {
    List<InputStream> streams = new ArrayList<>();
    try {
      for (String file : files) {
        streams.add(open(file, conf));
      }
      return parser.parse(files, streams, labels, sink);
    } catch (EOFException e) {
      throw new BadInputException(String.join(" / ", files)
          + ": ends unexpectedly (truncated or cut-off compressed file?)", e);
    } catch (IOException e) {
      throw new BadInputException(String.join(" / ", files) + ": cannot read: " + e.getMessage(), e);
    } finally {
      for (InputStream stream : streams) {
        try {
          stream.close();
        } catch (IOException ignored) {
          // Closing after the data was read or a read failed: that outcome is what matters.
        }
      }
    }
  }

  private static List<List<String>> files(String pattern, Configuration conf) throws IOException {
    Path path = new Path(pattern);
    FileSystem fs = path.getFileSystem(conf);
    FileStatus[] matches = fs.globStatus(path);
    if (matches == null || matches.length == 0) {
      throw new BadInputException(pattern + ": no such file or directory");
    }
    List<FileStatus> found = new ArrayList<>();
    for (FileStatus match : matches) {
      if (match.isDirectory()) {
        found.addAll(Arrays.asList(fs.listStatus(match.getPath())));
      } else {
        found.add(match);
      }
    }
    List<List<String>> units = found.stream()
        .filter(FileStatus::isFile)
        .filter(status -> !status.getPath().getName().startsWith(".")
            && !status.getPath().getName().startsWith("_"))
        .sorted(Comparator.comparing(status -> status.getPath().toString()))
        .map(status -> List.of(status.getPath().toString()))
        .toList();
    if (units.isEmpty()) {
      throw new BadInputException(pattern + ": holds no data files");
    }
    return units;
  }

  private static List<String> idxPair(String prefix, Configuration conf) throws IOException {
    return List.of(existing(prefix + "-images-idx3-ubyte", conf), existing(prefix + "-labels-idx1-ubyte", conf));
  }

  private static String existing(String file, Configuration conf) throws IOException {
    for (String candidate : List.of(file, file + ".gz")) {
      Path path = new Path(candidate);
      if (path.getFileSystem(conf).exists(path)) {
        return path.toString();
      }
    }
    throw new BadInputException(file + "[.gz]: no such file (format idx reads PATH-images-idx3-ubyte"
        + " and PATH-labels-idx1-ubyte, optionally gzipped)");
  }
}
