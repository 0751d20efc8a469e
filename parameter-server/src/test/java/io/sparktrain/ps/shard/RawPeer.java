package io.sparktrain.ps.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A hand-written peer of a shard or the coordinator, over a plain socket: it can send any bytes. */
final class RawPeer implements AutoCloseable {
  final Socket socket;
  final DataOutputStream out;
  private final DataInputStream in;
  private byte[] lastPayload;

  RawPeer(InetSocketAddress address, Duration timeout) throws IOException {
    socket = new Socket(address.getAddress(), address.getPort());
    socket.setSoTimeout((int) timeout.toMillis());
    out = new DataOutputStream(socket.getOutputStream());
    in = new DataInputStream(socket.getInputStream());
  }

  /** Reads the endpoint's CHALLENGE and returns its nonce. */
  byte[] readChallenge() throws IOException {
    assertThat(readType()).isEqualTo(FrameType.CHALLENGE.code);
    return lastPayload;
  }

  /** Reads one frame and returns its type; throws EOFException when the endpoint closed the connection. */
  byte readType() throws IOException {
    assertThat(in.readInt()).isEqualTo(FrameCodec.MAGIC);
    in.readByte();
    byte type = in.readByte();
    in.readLong();
    in.readInt();
    in.readLong();
    lastPayload = new byte[in.readInt()];
    in.readFully(lastPayload);
    return type;
  }

  /** Skips what the endpoint answered before it refused (a STORED, say) and returns the ERROR's type. */
  byte readUntilError() throws IOException {
    byte type;
    do {
      type = readType();
    } while (type != FrameType.ERROR.code);
    return type;
  }

  void header(int magic, byte version, byte type, long job, int shard, long step, int length) throws IOException {
    out.writeInt(magic);
    out.writeByte(version);
    out.writeByte(type);
    out.writeLong(job);
    out.writeInt(shard);
    out.writeLong(step);
    out.writeInt(length);
    out.flush();
  }

  void frame(FrameType type, long job, int shard, long step, byte[] payload) throws IOException {
    header(FrameCodec.MAGIC, FrameCodec.VERSION, type.code, job, shard, step, payload.length);
    out.write(payload);
    out.flush();
  }

  void auth(long job, int shard, int worker, byte[] proof) throws IOException {
    header(FrameCodec.MAGIC, FrameCodec.VERSION, FrameType.AUTH.code, job, shard, 0, 4 + proof.length);
    out.writeInt(worker);
    out.write(proof);
    out.flush();
  }

  /** A dense PUSH of {@code length} zeros from a worker with one example. */
  void push(long job, int shard, long step, int length) throws IOException {
    header(FrameCodec.MAGIC, FrameCodec.VERSION, FrameType.PUSH.code, job, shard, step,
        FrameCodec.PUSH_PREFIX_BYTES + 4 * length);
    out.writeInt(0);
    out.writeLong(1);
    out.writeDouble(0);
    out.writeByte(GradientEncoder.DENSE);
    out.writeInt(length);
    out.write(new byte[4 * length]);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
