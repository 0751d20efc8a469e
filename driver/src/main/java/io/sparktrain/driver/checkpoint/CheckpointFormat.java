package io.sparktrain.driver.checkpoint;

import io.sparktrain.driver.train.TrainingState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checkpoint file format, version 1, big-endian; never Java serialization, so a file outlives
 * the classes that wrote it. Layout: the magic {@code SPTRCKPT} (8 bytes), the format version
 * (int), the payload length (long), the payload, and the SHA-256 of the payload (32 bytes), by
 * which a truncated or corrupt file is detected. Payload: the config's SHA-256 (hex), the config,
 * the seed, the provenance (count, then key and value pairs), the metrics; then the state: step,
 * epoch, step in epoch; the epoch's loss sum, examples and seconds; the history's epochs run,
 * seconds, examples, best epoch, best metric, epochs without improvement and best parameters; the
 * parameters; the number of updater states and each state. A string is its UTF-8 length (int)
 * and bytes; a float array its length (int) and values. A later version must keep reading this one.
 */
final class CheckpointFormat {
  static final byte[] MAGIC = "SPTRCKPT".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  private static final int DIGEST_BYTES = 32;

  private CheckpointFormat() {}

  /** Writes {@code checkpoint} to {@code out} (not closed). */
  static void write(Checkpoint checkpoint, OutputStream out) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream payload = new DataOutputStream(bytes);
    writeString(payload, checkpoint.configSha256());
    writeString(payload, checkpoint.config());
    payload.writeLong(checkpoint.seed());
    Map<String, String> provenance = new TreeMap<>(checkpoint.provenance());
    payload.writeInt(provenance.size());
    for (Map.Entry<String, String> entry : provenance.entrySet()) {
      writeString(payload, entry.getKey());
      writeString(payload, entry.getValue());
    }
    writeString(payload, checkpoint.metrics());
    TrainingState state = checkpoint.state();
    payload.writeLong(state.step());
    payload.writeInt(state.epoch());
    payload.writeInt(state.stepInEpoch());
    payload.writeDouble(state.epochProgress().lossSum());
    payload.writeLong(state.epochProgress().examples());
    payload.writeDouble(state.epochProgress().seconds());
    TrainingState.History history = state.history();
    payload.writeInt(history.epochsRun());
    payload.writeDouble(history.seconds());
    payload.writeLong(history.examples());
    payload.writeInt(history.bestEpoch());
    payload.writeDouble(history.bestMetric());
    payload.writeInt(history.epochsWithoutImprovement());
    writeFloats(payload, history.bestParameters());
    writeFloats(payload, state.parameters());
    payload.writeInt(state.updaterStates().size());
    for (float[] updaterState : state.updaterStates()) {
      writeFloats(payload, updaterState);
    }
    payload.flush();
    byte[] body = bytes.toByteArray();
    DataOutputStream file = new DataOutputStream(out);
    file.write(MAGIC);
    file.writeInt(VERSION);
    file.writeLong(body.length);
    file.write(body);
    file.write(Checkpoint.digest().digest(body));
    file.flush();
  }

  /**
   * Reads a checkpoint from {@code in}.
   *
   * @param name the file's name, for messages
   * @throws UnreadableCheckpointException when the file is truncated, fails its checksum, or is not a
   *     checkpoint of a version this build reads
   */
  static Checkpoint read(InputStream in, String name) throws IOException, UnreadableCheckpointException {
    DataInputStream file = new DataInputStream(in);
    byte[] body;
    byte[] digest = new byte[DIGEST_BYTES];
    try {
      byte[] magic = new byte[MAGIC.length];
      file.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new UnreadableCheckpointException(name + " is not a SparkTrain checkpoint (no SPTRCKPT header)");
      }
      int version = file.readInt();
      if (version < 1 || version > VERSION) {
        throw new UnreadableCheckpointException(name + " has checkpoint format version " + version
            + "; this SparkTrain reads versions 1 to " + VERSION);
      }
      long length = file.readLong();
      if (length < 0 || length > Integer.MAX_VALUE - 16) {
        throw new UnreadableCheckpointException(name + " is corrupt: payload length " + length);
      }
      body = new byte[(int) length];
      file.readFully(body);
      file.readFully(digest);
    } catch (EOFException e) {
      throw new UnreadableCheckpointException(name + " is truncated");
    }
    if (file.read() != -1) {
      throw new UnreadableCheckpointException(name + " is corrupt: bytes after the checksum");
    }
    if (!MessageDigest.isEqual(digest, Checkpoint.digest().digest(body))) {
      throw new UnreadableCheckpointException(name + " is corrupt: its SHA-256 checksum does not match");
    }
    try {
      return decode(new DataInputStream(new ByteArrayInputStream(body)), name);
    } catch (EOFException | IllegalArgumentException e) {
      throw new UnreadableCheckpointException(name + " is corrupt: its payload is malformed (" + e + ")");
    }
  }

  private static Checkpoint decode(DataInputStream payload, String name)
      throws IOException, UnreadableCheckpointException {
    String configSha256 = readString(payload);
    String config = readString(payload);
    if (!configSha256.equals(Checkpoint.sha256(config.getBytes(StandardCharsets.UTF_8)))) {
      throw new UnreadableCheckpointException(name + " is corrupt: its config does not match its config hash");
    }
    long seed = payload.readLong();
    int entries = payload.readInt();
    Map<String, String> provenance = new TreeMap<>();
    for (int i = 0; i < entries; i++) {
      provenance.put(readString(payload), readString(payload));
    }
    String metrics = readString(payload);
    long step = payload.readLong();
    int epoch = payload.readInt();
    int stepInEpoch = payload.readInt();
    TrainingState.EpochProgress progress = new TrainingState.EpochProgress(payload.readDouble(),
        payload.readLong(), payload.readDouble());
    int epochsRun = payload.readInt();
    double seconds = payload.readDouble();
    long examples = payload.readLong();
    int bestEpoch = payload.readInt();
    double bestMetric = payload.readDouble();
    int epochsWithoutImprovement = payload.readInt();
    TrainingState.History history = new TrainingState.History(epochsRun, seconds, examples, bestEpoch,
        readFloats(payload), bestMetric, epochsWithoutImprovement);
    float[] parameters = readFloats(payload);
    int count = payload.readInt();
    List<float[]> states = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      states.add(readFloats(payload));
    }
    return new Checkpoint(new TrainingState(step, epoch, stepInEpoch, parameters, states, progress, history),
        seed, config, provenance, metrics);
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES);
    buffer.asFloatBuffer().put(values);
    out.writeInt(values.length);
    out.write(buffer.array());
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt() * Float.BYTES];
    in.readFully(bytes);
    float[] values = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
    return values;
  }
}
