package io.sparktrain.ps.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotPartsTest {
  private static final long JOB = 5;

  @Test
  void partsThatStraddleTheParametersAndTheStateComeBackWhole() {
    float[] whole = ramp(30, 1);
    float[] state = ramp(20, -1);
    SnapshotParts cut = new SnapshotParts(7);
    // Slice [10, 20) of the parameters, then 20 floats of state: 30 floats in parts of 7, 7, 7, 7, 2.
    List<Frame> frames = encode(cut, whole, 10, 10, state);
    SnapshotParts.Assembly assembly = new SnapshotParts.Assembly(cut, 10, 20);

    assertThat(frames).hasSize(5);
    for (int p = 0; p < frames.size(); p++) {
      assertThat(assembly.accept(frames.get(p))).isEqualTo(p == frames.size() - 1);
    }
    assertThat(assembly.step()).isEqualTo(3);
    assertThat(assembly.parameters()).containsExactly(java.util.Arrays.copyOfRange(whole, 10, 20));
    assertThat(assembly.state()).containsExactly(state);
    frames.forEach(frame -> frame.payload().release());
  }

  @Test
  void aPartOutOfOrderIsRefused() {
    SnapshotParts cut = new SnapshotParts(7);
    List<Frame> frames = encode(cut, ramp(10, 1), 0, 10, ramp(20, 1));
    SnapshotParts.Assembly assembly = new SnapshotParts.Assembly(cut, 10, 20);

    assertThat(assembly.accept(frames.get(0))).isFalse();
    assertThatThrownBy(() -> assembly.accept(frames.get(2))).isInstanceOf(FrameException.class)
        .hasMessage("STATE part 2 where part 1 was due");
    frames.forEach(frame -> frame.payload().release());
  }

  private static List<Frame> encode(SnapshotParts cut, float[] parameters, int offset, int length, float[] state) {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameCodec.Decoder(1 << 16));
    List<Frame> frames = new ArrayList<>();
    for (int p = 0; p < cut.parts((long) length + state.length); p++) {
      ByteBuf frame = cut.encode(channel, JOB, 3, p, parameters, offset, length, state);
      channel.writeInbound(frame);
      frames.add(channel.readInbound());
    }
    channel.finishAndReleaseAll();
    return frames;
  }

  private static float[] ramp(int length, float slope) {
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      values[i] = slope * (i + 1) / 3f;
    }
    return values;
  }
}
