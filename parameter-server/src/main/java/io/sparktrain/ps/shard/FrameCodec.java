package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The wire format, version 1. Every frame is a 30-byte big-endian header followed by the payload:
 *
 * <pre>
 *   int   magic    0x53545053 ("STPS")
 *   byte  version  1
 *   byte  type     {@link FrameType} code
 *   long  jobId
 *   int   shard    the shard the frame is for or from
 *   long  step     the global step the frame belongs to
 *   int   length   payload bytes that follow
 * </pre>
 *
 * A PUSH payload is {@code int epoch, long examples, double lossSum, byte encoding, int count}
 * ({@link #PUSH_PREFIX_BYTES}) and then the entries of {@link GradientEncoder}'s encoding. Floats
 * are IEEE 754 big-endian. Never Java serialization.
 */
final class FrameCodec {
  static final int MAGIC = 0x53545053;
  static final byte VERSION = 1;
  static final int HEADER_BYTES = 30;
  static final int PUSH_PREFIX_BYTES = 4 + 8 + 8 + 1 + 4;
  static final int NONCE_BYTES = 32;
  static final int PROOF_BYTES = 32;

  private FrameCodec() {}

  /** A buffer holding the header, with room for exactly {@code payloadBytes} more. */
  static ByteBuf header(ByteBufAllocator alloc, FrameType type, long jobId, int shard, long step, int payloadBytes) {
    ByteBuf buf = alloc.buffer(HEADER_BYTES + payloadBytes);
    buf.writeInt(MAGIC).writeByte(VERSION).writeByte(type.code).writeLong(jobId).writeInt(shard).writeLong(step)
        .writeInt(payloadBytes);
    return buf;
  }

  static ByteBuf challenge(ByteBufAllocator alloc, long jobId, int shard, byte[] nonce) {
    return header(alloc, FrameType.CHALLENGE, jobId, shard, 0, nonce.length).writeBytes(nonce);
  }

  static ByteBuf auth(ByteBufAllocator alloc, long jobId, int shard, int worker, byte[] proof) {
    return header(alloc, FrameType.AUTH, jobId, shard, 0, 4 + proof.length).writeInt(worker).writeBytes(proof);
  }

  static ByteBuf authOk(ByteBufAllocator alloc, long jobId, int shard, long nextStep) {
    return header(alloc, FrameType.AUTH_OK, jobId, shard, nextStep, 0);
  }

  static ByteBuf pushed(ByteBufAllocator alloc, long jobId, int shard, long step, double squaredNorm,
      long examples, double lossSum) {
    return header(alloc, FrameType.PUSHED, jobId, shard, step, 24).writeDouble(squaredNorm).writeLong(examples)
        .writeDouble(lossSum);
  }

  static ByteBuf pull(ByteBufAllocator alloc, long jobId, int shard, long step, double squaredNorm) {
    return header(alloc, FrameType.PULL, jobId, shard, step, 8).writeDouble(squaredNorm);
  }

  static ByteBuf slice(ByteBufAllocator alloc, long jobId, int shard, long step, float[] values) {
    return writeFloats(header(alloc, FrameType.SLICE, jobId, shard, step, 4 * values.length), values, 0, values.length);
  }

  static ByteBuf error(ByteBufAllocator alloc, long jobId, int shard, long step, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    return header(alloc, FrameType.ERROR, jobId, shard, step, text.length).writeBytes(text);
  }

  /** Appends {@code values[from, from + count)} as big-endian floats. */
  static ByteBuf writeFloats(ByteBuf buf, float[] values, int from, int count) {
    buf.ensureWritable(4 * count);
    buf.nioBuffer(buf.writerIndex(), 4 * count).asFloatBuffer().put(values, from, count);
    return buf.writerIndex(buf.writerIndex() + 4 * count);
  }

  /** Reads {@code count} big-endian floats into {@code into[offset, offset + count)}. */
  static void readFloats(ByteBuf buf, float[] into, int offset, int count) {
    buf.nioBuffer(buf.readerIndex(), 4 * count).asFloatBuffer().get(into, offset, count);
    buf.skipBytes(4 * count);
  }

  static String text(ByteBuf payload) {
    return payload.toString(StandardCharsets.UTF_8);
  }

  /**
   * Splits the byte stream into {@link Frame}s. A bad magic, version or type, a length outside
   * {@code [0, maxFrameBytes - HEADER_BYTES]} (checked before any payload is buffered) or a
   * connection that ends inside a frame raises a {@link FrameException}; after one, the rest of
   * the stream is discarded, since frame boundaries can no longer be trusted.
   */
  static final class Decoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private boolean failed;

    Decoder(int maxFrameBytes) {
      this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      if (failed) {
        in.skipBytes(in.readableBytes());
        return;
      }
      if (in.readableBytes() < HEADER_BYTES) {
        return;
      }
      int start = in.readerIndex();
      int magic = in.getInt(start);
      byte version = in.getByte(start + 4);
      int length = in.getInt(start + 26);
      if (magic != MAGIC) {
        fail(in, "bad magic 0x" + Integer.toHexString(magic));
      }
      if (version != VERSION) {
        fail(in, "unsupported protocol version " + version + ", this shard speaks " + VERSION);
      }
      if (length < 0 || length > maxFrameBytes - HEADER_BYTES) {
        fail(in, "payload length " + length + " outside [0, " + (maxFrameBytes - HEADER_BYTES) + "]");
      }
      FrameType type;
      try {
        type = FrameType.of(in.getByte(start + 5));
      } catch (FrameException e) {
        fail(in, e.getMessage());
        return;
      }
      if (in.readableBytes() < HEADER_BYTES + length) {
        // Room for the whole frame at once: the cumulation would otherwise grow by 4 MiB at a time,
        // copying all it holds each time, which is quadratic in a slice of hundreds of megabytes. (A
        // buffer that cannot grow is left as it is; the cumulator replaces it.)
        in.ensureWritable(HEADER_BYTES + length - in.readableBytes(), false);
        return;
      }
      long jobId = in.getLong(start + 6);
      int shard = in.getInt(start + 14);
      long step = in.getLong(start + 18);
      in.skipBytes(HEADER_BYTES);
      out.add(new Frame(type, jobId, shard, step, in.readRetainedSlice(length)));
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      decode(ctx, in, out);
      if (!failed && in.isReadable()) {
        fail(in, "connection closed inside a frame, " + in.readableBytes() + " bytes of a truncated frame");
      }
    }

    private void fail(ByteBuf in, String reason) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw new FrameException(reason);
    }
  }
}
