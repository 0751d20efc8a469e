package io.sparktrain.driver.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The IDX format of MNIST and Fashion-MNIST (LeCun et al.): an images file (magic 2051, count,
 * rows, columns, then unsigned bytes) and a labels file (magic 2049, count, then unsigned bytes).
 * Records are numbered from 1. Only a label outside the classes is a bad row that may be skipped;
 * a bad header or a truncated file always fails.
 */
final class IdxParser implements RowParser {
  private static final long serialVersionUID = 1L;
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;
  private final BadRowPolicy policy;

  /** @param policy what to do with a record whose label is not a class */
  IdxParser(BadRowPolicy policy) {
    this.policy = policy;
  }

  @Override
  public SkippedRows parse(List<String> files, List<InputStream> streams, LabelRule labels, Consumer<Row> sink)
      throws IOException {
    String imagesFile = files.get(0);
    String labelsFile = files.get(1);
    var images = new DataInputStream(streams.get(0));
    var labelBytes = new DataInputStream(streams.get(1));
    int count = header(images, IMAGES_MAGIC, imagesFile);
    int height = readInt(images, imagesFile);
    int width = readInt(images, imagesFile);
    if (height < 1 || width < 1 || (long) height * width > Integer.MAX_VALUE - 8) {
      throw new BadInputException(imagesFile + ": image size " + height + "x" + width
          + " in the IDX header is not a usable size (corrupt header?)");
    }
    int labelCount = header(labelBytes, LABELS_MAGIC, labelsFile);
    if (labelCount != count) {
      throw new BadInputException(labelsFile + ": holds " + labelCount + " labels but "
          + imagesFile + " holds " + count + " images");
    }
    SkippedRows skipped = new SkippedRows();
    long position = 0;
    byte[] pixels = new byte[height * width];
    for (int record = 1; record <= count; record++) {
      try {
        images.readFully(pixels);
      } catch (EOFException e) {
        throw BadInputException.at(imagesFile, record, null, "file ends early (truncated?)");
      }
      int label = labelBytes.read();
      if (label < 0) {
        throw BadInputException.at(labelsFile, record, null, "file ends early (truncated?)");
      }
      float value;
      try {
        value = labels.check(label, labelsFile, record, null);
      } catch (BadInputException bad) {
        policy.skipOrThrow(bad, skipped);
        continue;
      }
      float[] features = new float[pixels.length];
      for (int p = 0; p < pixels.length; p++) {
        features[p] = pixels[p] & 0xff;
      }
      sink.accept(new Row(position++, features, null, value));
    }
    return skipped;
  }

  private static int header(DataInputStream in, int magic, String file) throws IOException {
    int found = readInt(in, file);
    if (found != magic) {
      throw new BadInputException(file + ": not an IDX " + (magic == IMAGES_MAGIC ? "images" : "labels")
          + " file (magic number " + found + ", expected " + magic + ")");
    }
    int count = readInt(in, file);
    if (count < 0) {
      throw new BadInputException(file + ": the IDX header declares " + count + " records (corrupt header?)");
    }
    return count;
  }

  private static int readInt(DataInputStream in, String file) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new BadInputException(file + ": file ends inside its IDX header");
    }
  }
}
