package io.sparktrain.driver.ml;

import io.sparktrain.kernels.model.NetworkShape;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A fitted model's network widths and flat parameters, stored as {@code data/parameters.bin}
 * under the model's folder (beside Spark's {@code metadata/}) through the Hadoop
 * {@code FileSystem}, so any file system URI works. Format, big-endian: the magic
 * {@code SPTRMLMD}, format version 1 (int), inputs, outputs (ints), classification (byte),
 * parameter count (int), the parameters (floats), and a CRC-32 of everything before it (long).
 *
 * @param shape the network's input and output widths
 * @param parameters the flat parameters
 */
record ModelData(NetworkShape shape, float[] parameters) {
  private static final byte[] MAGIC = {'S', 'P', 'T', 'R', 'M', 'L', 'M', 'D'};
  private static final int VERSION = 1;

  /** The data file of the model saved at {@code folder}. */
  static Path file(String folder) {
    return new Path(new Path(folder, "data"), "parameters.bin");
  }

  /** Writes this data for the model saved at {@code folder}. */
  void write(String folder, Configuration conf) {
    Path file = file(folder);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        file.getFileSystem(conf).create(file, true)))) {
      CRC32 crc = new CRC32();
      byte[] header = header();
      out.write(header);
      crc.update(header);
      byte[] body = new byte[4 * parameters.length];
      ByteBuffer.wrap(body).asFloatBuffer().put(parameters);
      out.write(body);
      crc.update(body);
      out.writeLong(crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model parameters to " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the data of the model saved at {@code folder}. */
  static ModelData read(String folder, Configuration conf) {
    Path file = file(folder);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(file.getFileSystem(conf).open(file)))) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalStateException(file + " is not a SparkTrain model parameter file (bad magic)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalStateException(file + " has format version " + version + "; this SparkTrain reads "
            + VERSION);
      }
      int inputs = in.readInt();
      int outputs = in.readInt();
      boolean classification = in.readByte() != 0;
      int count = in.readInt();
      if (count < 0) {
        throw new IllegalStateException(file + " declares " + count + " parameters");
      }
      byte[] body = new byte[4 * count];
      in.readFully(body);
      float[] parameters = new float[count];
      ByteBuffer.wrap(body).asFloatBuffer().get(parameters);
      ModelData data = new ModelData(new NetworkShape(inputs, outputs, classification), parameters);
      CRC32 crc = new CRC32();
      crc.update(data.header());
      crc.update(body);
      if (in.readLong() != crc.getValue()) {
        throw new IllegalStateException(file + " is corrupt (checksum mismatch)");
      }
      return data;
    } catch (EOFException e) {
      throw new IllegalStateException(file + " is truncated", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model parameters from " + file + ": " + e.getMessage(), e);
    }
  }

  private byte[] header() {
    ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 4 + 4 + 4 + 1 + 4);
    header.put(MAGIC).putInt(VERSION).putInt(shape.inputs()).putInt(shape.outputs())
        .put((byte) (shape.classification() ? 1 : 0)).putInt(parameters.length);
    return header.array();
  }
}
