package io.sparktrain.ps.shard;

/** The kinds of frame, with their one-byte codes on the wire. */
enum FrameType {
  /** Shard to client on connect: a 32-byte nonce. */
  CHALLENGE(1),
  /** Client to shard: worker index (int), then the 32-byte HMAC proof. */
  AUTH(2),
  /** Shard to client: authenticated; the header's step is the next step the shard collects. */
  AUTH_OK(3),
  /** Client to shard: one worker's gradient slice for the header's step. */
  PUSH(4),
  /** Shard to every client once all pushes arrived: slice squared norm, examples, loss sum. */
  PUSHED(5),
  /** Client to shard: the global squared norm (double); asks for the updated slice. */
  PULL(6),
  /** Shard to client: the updated slice as floats. */
  SLICE(7),
  /** Shard or coordinator to client before it closes the connection: a UTF-8 reason. */
  ERROR(8),
  /**
   * Client to shard: asks for the shard's slice as it is before its next step (the header's step
   * is that step's predecessor); answered with a SLICE of the same step.
   */
  PARAMS(9),
  /**
   * Shard's host to the {@link ShardCoordinator}: asks for the slices the shard starts from (the
   * header's step is the step it starts at); answered with STATE frames.
   */
  FETCH(10),
  /**
   * One part of a shard's slices, between a shard's host and the coordinator, either way: {@code
   * int part, int parts}, then up to 2^18 floats of the slice of the parameters followed by the
   * slice's optimizer state ({@link SnapshotParts}).
   */
  STATE(11),
  /** Coordinator to a shard's host: its final slices, sent as STATE frames, are stored. */
  STORED(12),
  /**
   * Worker to coordinator after each step: {@code long examples, double meanLoss, double
   * seconds}, then a UTF-8 reason when the step diverged (nothing when it did not).
   */
  PROGRESS(13);

  private static final FrameType[] BY_CODE = new FrameType[14];

  static {
    for (FrameType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  final byte code;

  FrameType(int code) {
    this.code = (byte) code;
  }

  static FrameType of(byte code) {
    if (code <= 0 || code >= BY_CODE.length) {
      throw new FrameException("unknown frame type " + code);
    }
    return BY_CODE[code];
  }
}
