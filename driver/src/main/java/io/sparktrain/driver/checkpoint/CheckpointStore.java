package io.sparktrain.driver.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A folder of checkpoints on any Hadoop file system ({@code file://}, {@code hdfs://}, ...), named
 * {@code checkpoint-<global step, 12 digits>.stc}. A checkpoint is written under a hidden temporary
 * name, flushed, and renamed, so a crash never leaves a half-written checkpoint under a final name;
 * then all but the newest {@code keep-last} are deleted, with any temporary file a killed run left.
 * One run writes to a folder at a time. Not thread-safe.
 */
public final class CheckpointStore {
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{12})\\.stc");
  private static final String TEMPORARY_PREFIX = ".checkpoint-";
  private final FileSystem fs;
  private final Path dir;

  /**
   * @param dir the folder, created on the first write
   * @param conf the Hadoop configuration (Spark's, so that credentials apply)
   */
  public CheckpointStore(String dir, Configuration conf) {
    this.dir = new Path(dir);
    try {
      this.fs = this.dir.getFileSystem(conf);
      // The format carries its own checksum; no ".crc" companions on a local disk.
      this.fs.setWriteChecksum(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach checkpoint.dir " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The full path of the checkpoint after {@code step} global steps. */
  public String pathOf(long step) {
    return new Path(dir, String.format(Locale.ROOT, "checkpoint-%012d.stc", step)).toString();
  }

  /**
   * Writes {@code checkpoint} (replacing one of the same step), then keeps only the newest {@code keepLast}.
   *
   * @return the path written
   */
  public String write(Checkpoint checkpoint, int keepLast) {
    Path target = new Path(pathOf(checkpoint.state().step()));
    Path temporary = new Path(dir, TEMPORARY_PREFIX + checkpoint.state().step() + ".tmp");
    try {
      fs.mkdirs(dir);
      try (FSDataOutputStream out = fs.create(temporary, true)) {
        CheckpointFormat.write(checkpoint, out);
        out.hsync();
      }
      if (fs.exists(target) && !fs.delete(target, false)) {
        throw new IOException("cannot replace " + target);
      }
      if (!fs.rename(temporary, target)) {
        throw new IOException("cannot rename " + temporary + " to " + target);
      }
      prune(keepLast);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
    }
    return target.toString();
  }

  /** The checkpoints' paths, newest (highest step) first; none when the folder does not exist. */
  public List<String> list() {
    List<String> paths = new ArrayList<>();
    for (FileStatus status : statuses()) {
      if (NAME.matcher(status.getPath().getName()).matches()) {
        paths.add(status.getPath().toString());
      }
    }
    paths.sort(Comparator.comparing((String path) -> new Path(path).getName()).reversed());
    return paths;
  }

  /**
   * Reads the checkpoint at {@code path}.
   *
   * @throws UnreadableCheckpointException when it is truncated, corrupt, or of an unknown format version
   */
  public Checkpoint read(String path) throws UnreadableCheckpointException {
    try (InputStream in = fs.open(new Path(path))) {
      return CheckpointFormat.read(in, path);
    } catch (IOException e) {
      throw new UnreadableCheckpointException(path + " cannot be read: " + e.getMessage());
    }
  }

  /**
   * The newest checkpoint that reads back whole, trying older ones in turn.
   *
   * @param skipped told about each newer checkpoint that was unreadable, and why
   * @return the checkpoint, or empty when the folder holds none that is readable
   */
  public Optional<Checkpoint> newestReadable(Consumer<String> skipped) {
    for (String path : list()) {
      try {
        return Optional.of(read(path));
      } catch (UnreadableCheckpointException e) {
        skipped.accept(e.getMessage());
      }
    }
    return Optional.empty();
  }

  private void prune(int keepLast) throws IOException {
    List<String> paths = list();
    for (String path : paths.subList(Math.min(keepLast, paths.size()), paths.size())) {
      fs.delete(new Path(path), false);
    }
    for (FileStatus status : statuses()) {
      if (status.getPath().getName().startsWith(TEMPORARY_PREFIX)) {
        fs.delete(status.getPath(), false);
      }
    }
  }

  private List<FileStatus> statuses() {
    try {
      return List.of(fs.listStatus(dir));
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoint.dir " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The global step of a checkpoint path from {@link #list}. */
  public static long stepOf(String path) {
    Matcher matcher = NAME.matcher(new Path(path).getName());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(path + " is not a checkpoint name");
    }
    return Long.parseLong(matcher.group(1));
  }
}
