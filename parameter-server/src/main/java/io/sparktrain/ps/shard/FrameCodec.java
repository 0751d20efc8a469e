package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The wire format, version 2. Every frame is a 30-byte header followed by the payload:
 *
 * <pre>
 *   int   magic    0x53545053 ("STPS")
 *   byte  version  2
 *   byte  type     {@link FrameType} code
 *   long  jobId
 *   int   shard    the shard the frame is for or from
 *   long  step     the global step the frame belongs to
 *   int   length   payload bytes that follow
 * </pre>
 *
 * A PUSH payload is {@code int epoch, long examples, double lossSum, byte encoding, int count}
 * ({@link #PUSH_PREFIX_BYTES}) and then the entries of {@link GradientEncoder}'s encoding. Numbers
 * are big-endian (network order), except the entries of float vectors (a dense slice, a dense
 * push), which are IEEE 754 little-endian, so that writing and reading one is a plain memory copy
 * on the machines Spark runs on. Never Java serialization.
 *
 * <p>Large frames are written from buffers their owner keeps for the next step ({@link #reuse}) and
 * read into a buffer the {@link Decoder} keeps, or not copied at all where a whole frame arrives in
 * one buffer (Netty's in-JVM transport hands the sender's buffer over): a step allocates no buffer
 * of the model's size. Allocating one per frame costs a page fault per 4 KiB whenever the allocator
 * has given the memory back to the operating system, which made steps several times slower.
 */
final class FrameCodec {
  static final int MAGIC = 0x53545053;
  static final byte VERSION = 2;
  static final int HEADER_BYTES = 30;
  static final int PUSH_PREFIX_BYTES = 4 + 8 + 8 + 1 + 4;
  static final int NONCE_BYTES = 32;
  static final int PROOF_BYTES = 32;

  private FrameCodec() {}

  /** A buffer holding the header, with room for exactly {@code payloadBytes} more. */
  static ByteBuf header(ByteBufAllocator alloc, FrameType type, long jobId, int shard, long step, int payloadBytes) {
    return writeHeader(alloc.buffer(HEADER_BYTES + payloadBytes), type, jobId, shard, step, payloadBytes);
  }

  /** Writes a header for {@code payloadBytes} of payload to {@code buf}. */
  static ByteBuf writeHeader(ByteBuf buf, FrameType type, long jobId, int shard, long step, int payloadBytes) {
    return buf.writeInt(MAGIC).writeByte(VERSION).writeByte(type.code).writeLong(jobId).writeInt(shard).writeLong(step)
        .writeInt(payloadBytes);
  }

  /**
   * {@code kept}, emptied, when nobody else holds it any more and it has {@code capacity} bytes;
   * otherwise a new direct buffer of that capacity ({@code kept}, when not null, is released). The
   * owner of a buffer it writes frames from, or assembles frames in, keeps one reference: a frame
   * written or handed on holds its own until it is done with, so a count of one means the buffer is
   * free to overwrite.
   */
  static ByteBuf reuse(ByteBuf kept, ByteBufAllocator alloc, int capacity) {
    if (kept != null && kept.refCnt() == 1 && kept.capacity() >= capacity) {
      return kept.clear();
    }
    if (kept != null) {
      kept.release();
    }
    return alloc.directBuffer(capacity);
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

  static ByteBuf params(ByteBufAllocator alloc, long jobId, int shard, long step) {
    return header(alloc, FrameType.PARAMS, jobId, shard, step, 0);
  }

  static ByteBuf pull(ByteBufAllocator alloc, long jobId, int shard, long step, double squaredNorm) {
    return header(alloc, FrameType.PULL, jobId, shard, step, 8).writeDouble(squaredNorm);
  }

  /** Writes a SLICE frame of {@code values} to {@code buf}. */
  static ByteBuf slice(ByteBuf buf, long jobId, int shard, long step, float[] values) {
    return writeFloats(writeHeader(buf, FrameType.SLICE, jobId, shard, step, 4 * values.length), values, 0,
        values.length);
  }

  static ByteBuf fetch(ByteBufAllocator alloc, long jobId, long step) {
    return header(alloc, FrameType.FETCH, jobId, ShardCoordinator.ENDPOINT, step, 0);
  }

  /** A STATE frame's header and part numbers, with room for its {@code floats} floats. */
  static ByteBuf stateHeader(ByteBufAllocator alloc, long jobId, long step, int part, int parts, int floats) {
    return header(alloc, FrameType.STATE, jobId, ShardCoordinator.ENDPOINT, step, 8 + 4 * floats).writeInt(part)
        .writeInt(parts);
  }

  static ByteBuf stored(ByteBufAllocator alloc, long jobId, long step) {
    return header(alloc, FrameType.STORED, jobId, ShardCoordinator.ENDPOINT, step, 0);
  }

  static ByteBuf progress(ByteBufAllocator alloc, long jobId, StepProgress progress) {
    byte[] divergence = progress.divergence() == null ? new byte[0]
        : progress.divergence().getBytes(StandardCharsets.UTF_8);
    return header(alloc, FrameType.PROGRESS, jobId, ShardCoordinator.ENDPOINT, progress.step(), 24 + divergence.length)
        .writeLong(progress.examples()).writeDouble(progress.meanLoss()).writeDouble(progress.seconds())
        .writeBytes(divergence);
  }

  static ByteBuf error(ByteBufAllocator alloc, long jobId, int shard, long step, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    return header(alloc, FrameType.ERROR, jobId, shard, step, text.length).writeBytes(text);
  }

  /** Appends {@code values[from, from + count)} as little-endian floats. */
  static ByteBuf writeFloats(ByteBuf buf, float[] values, int from, int count) {
    buf.ensureWritable(4 * count);
    buf.nioBuffer(buf.writerIndex(), 4 * count).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values, from, count);
    return buf.writerIndex(buf.writerIndex() + 4 * count);
  }

  /** Reads {@code count} little-endian floats into {@code into[offset, offset + count)}. */
  static void readFloats(ByteBuf buf, float[] into, int offset, int count) {
    buf.nioBuffer(buf.readerIndex(), 4 * count).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(into, offset, count);
    buf.skipBytes(4 * count);
  }

  static String text(ByteBuf payload) {
    return payload.toString(StandardCharsets.UTF_8);
  }

  /**
   * Splits the byte stream into {@link Frame}s. A bad magic, version or type, or a length outside
   * {@code [0, maxFrameBytes - HEADER_BYTES]}, is refused as soon as the header is in, before any
   * payload is buffered, and a connection that ends inside a frame is refused when it closes: both
   * with a {@link FrameException}, raised to the next handler's {@code exceptionCaught}. After one,
   * the rest of the stream is discarded, since frame boundaries can no longer be trusted.
   *
   * <p>A frame that arrives whole in one buffer is handed on as a slice of it, without a copy;
   * one that arrives in pieces (a socket delivers at most tens of kilobytes at a time) is put
   * together in a buffer the decoder keeps for the next frame. The next handler must be done with
   * a frame, and release its payload, before its {@code channelRead} returns.
   */
  static final class Decoder extends ChannelInboundHandlerAdapter {
    private final int maxFrameBytes;
    /** Where a frame arriving in pieces is put together; null until one does. */
    private ByteBuf assembly;
    /** Header and payload bytes of the frame being put together, or -1 while its header is incomplete. */
    private int frameBytes = -1;
    private boolean failed;

    Decoder(int maxFrameBytes) {
      this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      ByteBuf in = (ByteBuf) message;
      try {
        while (!failed && in.isReadable()) {
          if (!assembling() && in.readableBytes() >= HEADER_BYTES
              && in.readableBytes() >= HEADER_BYTES + payloadLength(in, in.readerIndex())) {
            ctx.fireChannelRead(frame(in));
          } else {
            assemble(ctx, in);
          }
        }
      } finally {
        in.release();
      }
    }

    private boolean assembling() {
      return assembly != null && assembly.isReadable();
    }

    /** Moves bytes of {@code in} into the assembly buffer, handing the frame on once it is whole. */
    private void assemble(ChannelHandlerContext ctx, ByteBuf in) {
      if (!assembling()) {
        assembly = reuse(assembly, ctx.alloc(), HEADER_BYTES);
      }
      if (frameBytes < 0) {
        assembly.writeBytes(in, Math.min(HEADER_BYTES - assembly.readableBytes(), in.readableBytes()));
        if (assembly.readableBytes() < HEADER_BYTES) {
          return;
        }
        frameBytes = HEADER_BYTES + payloadLength(assembly, assembly.readerIndex());
        assembly.ensureWritable(frameBytes - HEADER_BYTES);
      }
      assembly.writeBytes(in, Math.min(frameBytes - assembly.readableBytes(), in.readableBytes()));
      if (assembly.readableBytes() == frameBytes) {
        frameBytes = -1;
        ctx.fireChannelRead(frame(assembly));
      }
    }

    /** The checked payload length in the header at {@code start} of {@code in}. */
    private int payloadLength(ByteBuf in, int start) {
      int magic = in.getInt(start);
      if (magic != MAGIC) {
        fail("bad magic 0x" + Integer.toHexString(magic));
      }
      byte version = in.getByte(start + 4);
      if (version != VERSION) {
        fail("unsupported protocol version " + version + ", this shard speaks " + VERSION);
      }
      int length = in.getInt(start + 26);
      if (length < 0 || length > maxFrameBytes - HEADER_BYTES) {
        fail("payload length " + length + " outside [0, " + (maxFrameBytes - HEADER_BYTES) + "]");
      }
      try {
        FrameType.of(in.getByte(start + 5));
      } catch (FrameException e) {
        fail(e.getMessage());
      }
      return length;
    }

    /** The whole, checked frame at {@code in}'s reader index, its payload a retained slice. */
    private static Frame frame(ByteBuf in) {
      int start = in.readerIndex();
      FrameType type = FrameType.of(in.getByte(start + 5));
      long jobId = in.getLong(start + 6);
      int shard = in.getInt(start + 14);
      long step = in.getLong(start + 18);
      int length = in.getInt(start + 26);
      in.skipBytes(HEADER_BYTES);
      return new Frame(type, jobId, shard, step, in.readRetainedSlice(length));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!failed && assembling()) {
        failed = true;
        ctx.fireExceptionCaught(new FrameException("connection closed inside a frame, " + assembly.readableBytes()
            + " bytes of a truncated frame"));
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      if (assembly != null) {
        assembly.release();
        assembly = null;
      }
    }

    private void fail(String reason) {
      failed = true;
      throw new FrameException(reason);
    }
  }
}
