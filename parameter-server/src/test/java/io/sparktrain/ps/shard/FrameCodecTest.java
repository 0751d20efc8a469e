package io.sparktrain.ps.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  @Test
  void everyFrameSurvivesARoundTripSplitAtEveryByte() {
    float[] values = {1.5f, -0.0f, Float.MIN_VALUE, 3e38f};
    ByteBuf stream = ALLOC.buffer();
    stream.writeBytes(FrameCodec.pull(ALLOC, 7, 2, 9, 0.25));
    stream.writeBytes(FrameCodec.slice(ALLOC, 7, 2, 9, values));
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
  void headerLayoutIsFixed() {
    ByteBuf frame = FrameCodec.authOk(ALLOC, 0x0102030405060708L, 3, 12);

    assertThat(frame.readableBytes()).isEqualTo(FrameCodec.HEADER_BYTES);
    assertThat(frame.getInt(0)).isEqualTo(0x53545053);
    assertThat(frame.getByte(4)).isEqualTo((byte) 1);
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

    assertThatThrownBy(() -> channel.writeInbound(header)).isInstanceOf(DecoderException.class)
        .hasMessageContaining("payload length 35 outside [0, 34]");
    channel.finishAndReleaseAll();
  }

  @Test
  void rejectsAConnectionThatEndsInsideAFrame() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec.Decoder(64));
    ByteBuf frame = FrameCodec.pull(ALLOC, 1, 0, 0, 1.0);
    channel.writeInbound(frame.readRetainedSlice(FrameCodec.HEADER_BYTES + 3));
    frame.release();

    assertThatThrownBy(channel::finish).isInstanceOf(DecoderException.class)
        .hasMessageContaining("truncated frame");
  }

  @Test
  void rejectsAnUnknownFrameType() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec.Decoder(64));
    ByteBuf frame = FrameCodec.pull(ALLOC, 1, 0, 0, 1.0);
    frame.setByte(5, 42);

    assertThatThrownBy(() -> channel.writeInbound(frame)).isInstanceOf(DecoderException.class)
        .hasMessageContaining("unknown frame type 42");
    channel.finishAndReleaseAll();
  }
}
