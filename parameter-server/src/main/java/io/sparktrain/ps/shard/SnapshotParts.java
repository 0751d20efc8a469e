package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.function.IntFunction;

/**
 * A shard's slices as STATE frames, between a shard's host and the {@link ShardCoordinator}: the
 * slice of the parameters followed by its optimizer state, one vector of {@code length +
 * stateLength} floats, cut into parts of {@code partFloats} floats (the last may be shorter): at
 * most {@link #MAX_PART_FLOATS}, so that every frame comes from the allocator's pools (a frame of
 * the whole slice would be a fresh allocation of hundreds of megabytes, page-faulted in each time),
 * and at most a slice's length, so that none is larger than a dense PUSH. Sending writes one part at
 * a time, the next once the last is written; {@link Assembly} takes them in order on the receiving
 * side.
 *
 * @param partFloats floats in every part but the last
 */
record SnapshotParts(int partFloats) {
  /** The largest part: 1 MiB of floats. */
  static final int MAX_PART_FLOATS = 1 << 18;

  /** The parts of this job's slices. */
  static SnapshotParts of(ShardedPsConfig config) {
    return new SnapshotParts(Math.min(MAX_PART_FLOATS, config.layout().maxLength()));
  }

  /** Parts of a snapshot of {@code floats} floats (never 0: a slice has at least one parameter). */
  int parts(long floats) {
    return (int) ((floats + partFloats - 1) / partFloats);
  }

  /**
   * Writes a shard's slices before {@code step}, {@code parameters[offset, offset + length)} followed
   * by all of {@code state}, to {@code channel}: part by part, each encoded on the channel's thread
   * once the last is written. A failed write stops the sending (the connection's handlers report
   * the failure).
   */
  void send(Channel channel, long jobId, long step, float[] parameters, int offset, int length, float[] state) {
    sendFrom(channel, 0, parts((long) length + state.length),
        part -> encode(channel, jobId, step, part, parameters, offset, length, state));
  }

  private static void sendFrom(Channel channel, int part, int parts, IntFunction<ByteBuf> encode) {
    ChannelFuture written = channel.writeAndFlush(encode.apply(part));
    if (part + 1 < parts) {
      written.addListener(future -> {
        if (future.isSuccess()) {
          sendFrom(channel, part + 1, parts, encode);
        }
      });
    }
  }

  /**
   * Part {@code part} of a shard's slices before {@code step}: {@code parameters[offset, offset +
   * length)} followed by all of {@code state}.
   */
  ByteBuf encode(Channel channel, long jobId, long step, int part, float[] parameters, int offset, int length,
      float[] state) {
    long total = (long) length + state.length;
    int from = part * partFloats;
    int count = (int) Math.min(partFloats, total - from);
    ByteBuf frame = FrameCodec.stateHeader(channel.alloc(), jobId, step, part, parts(total), count);
    int fromParameters = Math.max(0, Math.min(count, length - from));
    if (fromParameters > 0) {
      FrameCodec.writeFloats(frame, parameters, offset + from, fromParameters);
    }
    if (count > fromParameters) {
      FrameCodec.writeFloats(frame, state, from + fromParameters - length, count - fromParameters);
    }
    return frame;
  }

  /**
   * The parts of one snapshot, taken in order into arrays of their own: cut as {@code cut} says,
   * slice length {@code length}, {@code stateLength} floats of optimizer state. A part out of order, of another step, of
   * the wrong size or count is a {@link FrameException}.
   */
  static final class Assembly {
    private final int partFloats;
    private final int length;
    private final int parts;
    private final float[] parameters;
    private final float[] state;
    private int next;
    private long step;

    Assembly(SnapshotParts cut, int length, int stateLength) {
      this.partFloats = cut.partFloats();
      this.length = length;
      this.parts = cut.parts((long) length + stateLength);
      this.parameters = new float[length];
      this.state = new float[stateLength];
    }

    /** Takes the next part; true when it was the last. */
    boolean accept(Frame frame) {
      ByteBuf payload = frame.payload();
      if (payload.readableBytes() < 8) {
        throw new FrameException("STATE payload of " + payload.readableBytes() + " bytes is shorter than 8");
      }
      int part = payload.readInt();
      int claimed = payload.readInt();
      if (claimed != parts) {
        throw new FrameException("STATE part " + part + " says " + claimed + " parts, the slices have " + parts);
      }
      if (part != next) {
        throw new FrameException("STATE part " + part + " where part " + next + " was due");
      }
      if (part > 0 && frame.step() != step) {
        throw new FrameException("STATE part " + part + " of step " + frame.step() + ", part 0 was of step " + step);
      }
      int from = part * partFloats;
      int count = (int) Math.min(partFloats, (long) length + state.length - from);
      frame.requirePayload(4 * count);
      step = frame.step();
      int toParameters = Math.max(0, Math.min(count, length - from));
      if (toParameters > 0) {
        FrameCodec.readFloats(payload, parameters, from, toParameters);
      }
      if (count > toParameters) {
        FrameCodec.readFloats(payload, state, from + toParameters - length, count - toParameters);
      }
      next++;
      return next == parts;
    }

    long step() {
      return step;
    }

    float[] parameters() {
      return parameters;
    }

    float[] state() {
      return state;
    }
  }
}
