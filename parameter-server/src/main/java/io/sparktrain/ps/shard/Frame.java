package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;

/**
 * One decoded frame. The payload is a retained slice of the connection's buffer: whoever handles
 * the frame releases it.
 */
record Frame(FrameType type, long jobId, int shard, long step, ByteBuf payload) {

  /** Bytes this frame took on the wire. */
  int wireBytes() {
    return FrameCodec.HEADER_BYTES + payload.readableBytes();
  }

  /** Fails unless exactly {@code bytes} payload bytes remain. */
  void requirePayload(int bytes) {
    if (payload.readableBytes() != bytes) {
      throw new FrameException(type + " payload must be " + bytes + " bytes, got " + payload.readableBytes());
    }
  }
}
