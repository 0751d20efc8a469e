package io.sparktrain.ps.shard;

/** A frame that breaks the protocol: the peer is rejected and its connection closed. */
final class FrameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  FrameException(String message) {
    super(message);
  }
}
