package io.sparktrain.ps.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  @Test
  void everyFrameSurvivesARoundTripSplitAtEveryByte() {
    float[] values = {1.5f, -0.0f, Float.MIN_VALUE, 3e38f};
    ByteBuf stream = ALLOC.buffer();
    stream.writeBytes(FrameCodec.pull(ALLOC, 7, 2, 9, 0.25));
    stream.writeBytes(FrameCodec.slice(ALLOC.buffer(), 7, 2, 9, values));
    stream.writeBytes(FrameCodec.error(ALLOC, 7, 2, 9, "nope ü"));
    EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec.Decoder(1024));

    while (stream.isReadable()) {
      channel.writeInbound(stream.readRetainedSlice(1));
    }
    stream.release();

    Frame pull = channel.readInbound();
    assertThat(pull.type()).isEqualTo(FrameType.PULL);
    assertThat(pull.jobId()).isEqualTo(7);
    assertThat(pull.shard()).isEqualTo(2);
    assertThat(pull.step()).isEqualTo(9);
    assertThat(pull.payload().readDouble()).isEqualTo(0.25);
    Frame slice = channel.readInbound();
    assertThat(slice.wireBytes()).isEqualTo(FrameCodec.HEADER_BYTES + 16);
    float[] decoded = new float[values.length];
    FrameCodec.readFloats(slice.payload(), decoded, 0, values.length);
    assertThat(decoded).containsExactly(values);
    Frame error = channel.readInbound();
    assertThat(FrameCodec.text(error.payload())).isEqualTo("nope ü");
    pull.payload().release();
    slice.payload().release();
    error.payload().release();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void framesArrivingInPiecesArePutTogetherInOneKeptBufferUnlessTheLastIsStillHeld() {
    CountingAllocator counting = new CountingAllocator();
    EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec.Decoder(1 << 23));
    channel.config().setAllocator(counting);
    float[] first = ramp(1_100_000, 1);
    float[] second = ramp(1_100_000, -1);

    feedInPieces(channel, FrameCodec.slice(ALLOC.buffer(), 7, 0, 1, first), 65536);
    Frame one = channel.readInbound();
    assertThat(decode(one, first.length)).isEqualTo(first);
    one.payload().release();
    int allocations = counting.directBuffers;
    feedInPieces(channel, FrameCodec.slice(ALLOC.buffer(), 7, 0, 2, second), 65536);
    Frame two = channel.readInbound();

    assertThat(counting.directBuffers).as("no buffer allocated once the first frame was released")
        .isEqualTo(allocations);
    assertThat(decode(two, second.length)).isEqualTo(second);
    // Held on to: the next frame goes to a new buffer and leaves this one intact.
    feedInPieces(channel, FrameCodec.slice(ALLOC.buffer(), 7, 0, 3, first), 65536);
    Frame three = channel.readInbound();
    assertThat(counting.directBuffers).isGreaterThan(allocations);
    assertThat(decode(two, second.length)).isEqualTo(second);
    assertThat(decode(three, first.length)).isEqualTo(first);
    two.payload().release();
    three.payload().release();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void aFrameArrivingWholeInOneBufferIsHandedOnWithoutACopy() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec.Decoder(1 << 20));
    float[] values = ramp(1000, 3);
    ByteBuf sent = FrameCodec.slice(ALLOC.directBuffer(), 7, 0, 1, values);

    channel.writeInbound(sent.retain());
    Frame frame = channel.readInbound();

    assertThat(frame.payload().memoryAddress()).as("the sent buffer's own memory")
        .isEqualTo(sent.memoryAddress() + FrameCodec.HEADER_BYTES);
    assertThat(decode(frame, values.length)).containsExactly(values);
    frame.payload().release();
    assertThat(sent.refCnt()).as("only the sender's reference is left").isEqualTo(1);
    sent.release();
  }

  /** Unpooled buffers, counting the direct ones it hands out. */
  private static final class CountingAllocator extends AbstractByteBufAllocator {
    int directBuffers;

    CountingAllocator() {
      super(true);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      directBuffers++;
      return new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }
  }

  private static float[] ramp(int length, float slope) {
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      values[i] = slope * i / 7f;
    }
    return values;
  }

  private static void feedInPieces(EmbeddedChannel channel, ByteBuf frame, int pieceBytes) {
    while (frame.isReadable()) {
      channel.writeInbound(frame.readRetainedSlice(Math.min(pieceBytes, frame.readableBytes())));
    }
    frame.release();
  }

  private static float[] decode(Frame frame, int length) {
    float[] values = new float[length];
    FrameCodec.readFloats(frame.payload().duplicate(), values, 0, length);
    return values;
  }

  @Test
  void headerLayoutIsFixed() {
    ByteBuf frame = FrameCodec.authOk(ALLOC, 0x0102030405060708L, 3, 12);

    assertThat(frame.readableBytes()).isEqualTo(FrameCodec.HEADER_BYTES);
    assertThat(frame.getInt(0)).isEqualTo(0x53545053);
    assertThat(frame.getByte(4)).isEqualTo((byte) 2);
    assertThat(frame.getByte(5)).isEqualTo(FrameType.AUTH_OK.code);
    assertThat(frame.getLong(6)).isEqualTo(0x0102030405060708L);
    assertThat(frame.getInt(14)).isEqualTo(3);
    assertThat(frame.getLong(18)).isEqualTo(12);
    assertThat(frame.getInt(26)).isZero();
    frame.release();
  }

  @Test
  void rejectsALengthAboveTheLimitBeforeItsPayloadArrives() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec.Decoder(64));
    ByteBuf header = FrameCodec.header(ALLOC, FrameType.PUSH, 1, 0, 0, 35);

    assertThatThrownBy(() -> channel.writeInbound(header)).isInstanceOf(FrameException.class)
        .hasMessageContaining("payload length 35 outside [0, 34]");
    channel.finishAndReleaseAll();
  }

  @Test
  void rejectsAConnectionThatEndsInsideAFrame() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec.Decoder(64));
    ByteBuf frame = FrameCodec.pull(ALLOC, 1, 0, 0, 1.0);
    channel.writeInbound(frame.readRetainedSlice(FrameCodec.HEADER_BYTES + 3));
    frame.release();

    assertThatThrownBy(channel::finish).isInstanceOf(FrameException.class)
        .hasMessageContaining("truncated frame");
  }

  @Test
  void rejectsAnUnknownFrameType() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec.Decoder(64));
    ByteBuf frame = FrameCodec.pull(ALLOC, 1, 0, 0, 1.0);
    frame.setByte(5, 42);

    assertThatThrownBy(() -> channel.writeInbound(frame)).isInstanceOf(FrameException.class)
        .hasMessageContaining("unknown frame type 42");
    channel.finishAndReleaseAll();
  }
}
