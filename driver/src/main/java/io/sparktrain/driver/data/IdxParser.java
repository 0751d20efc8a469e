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
 * Records are numbered from 1.
 */
final class IdxParser implements RowParser {
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  @Override
  public void parse(List<String> files, List<InputStream> streams, LabelRule labels, Consumer<Row> sink)
      throws IOException {
    String imagesFile = files.get(0);
    String labelsFile = files.get(1);
    var images = new DataInputStream(streams.get(0));
    var labelBytes = new DataInputStream(streams.get(1));
    int count = header(images, IMAGES_MAGIC, imagesFile);
    int width = Math.multiplyExact(readInt(images, imagesFile), readInt(images, imagesFile));
    int labelCount = header(labelBytes, LABELS_MAGIC, labelsFile);
    if (labelCount != count) {
      throw new BadInputException(labelsFile + ": holds " + labelCount + " labels but "
          + imagesFile + " holds " + count + " images");
    }
    byte[] pixels = new byte[width];
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
      float[] features = new float[width];
      for (int p = 0; p < width; p++) {
        features[p] = pixels[p] & 0xff;
      }
      sink.accept(new Row(record - 1, features, null, labels.check(label, labelsFile, record, null)));
    }
  }

  private static int header(DataInputStream in, int magic, String file) throws IOException {
    int found = readInt(in, file);
    if (found != magic) {
      throw new BadInputException(file + ": not an IDX " + (magic == IMAGES_MAGIC ? "images" : "labels")
          + " file (magic number " + found + ", expected " + magic + ")");
    }
    return readInt(in, file);
  }

  private static int readInt(DataInputStream in, String file) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new BadInputException(file + ": file ends inside its IDX header");
    }
  }
}
