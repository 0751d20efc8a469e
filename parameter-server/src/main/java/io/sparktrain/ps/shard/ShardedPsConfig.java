package io.sparktrain.ps.shard;

import io.sparktrain.kernels.config.ConfigException;
import java.io.Serializable;
import java.time.Duration;

/**
 * What every shard and worker of one sharded-parameter-server job must agree on. The same record
 * configures {@link ShardServer} and {@link ShardClient}; the key travels separately as a
 * {@link ParameterServerSecret}.
 *
 * @param jobId identifies the job (and stage attempt) on the wire; frames of another job are rejected
 * @param workers number of workers, which is also the number of shards, at least 1
 * @param parameters length of the flat parameter vector, at least {@code workers}
 * @param compression how workers compress pushed gradient slices
 * @param maxFrameBytes largest frame accepted, header included; at least {@link
 *     #requiredFrameBytes} of this layout and compression, so honest frames always fit
 * @param timeout how long a client waits for a shard's reply, and a shard for a new connection
 *     to authenticate; positive
 */
public record ShardedPsConfig(long jobId, int workers, int parameters, Compression compression,
    int maxFrameBytes, Duration timeout) implements Serializable {

  /** Default for {@link #timeout}: long enough for a slow gradient on a large model. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  /** Validates every field, naming its key. */
  public ShardedPsConfig {
    SliceLayout layout = new SliceLayout(parameters, workers);
    ConfigException.require(compression != null, "training.compression is required");
    ConfigException.require(timeout != null && !timeout.isNegative() && !timeout.isZero(),
        "sharded-ps.timeout must be positive, got " + timeout);
    long required = requiredFrameBytes(layout, compression);
    ConfigException.require(required <= Integer.MAX_VALUE,
        "sharded-ps: a slice of " + layout.maxLength() + " parameters needs frames of " + required
            + " bytes, more than " + Integer.MAX_VALUE + "; use more workers");
    ConfigException.require(maxFrameBytes >= required,
        "sharded-ps.max-frame-bytes must be >= " + required + " for " + parameters + " parameters on "
            + workers + " shards, got " + maxFrameBytes);
  }

  /** A config with the smallest frame limit that fits this layout and the default timeout. */
  public static ShardedPsConfig of(long jobId, int workers, int parameters, Compression compression) {
    return new ShardedPsConfig(jobId, workers, parameters, compression,
        (int) Math.min(Integer.MAX_VALUE, requiredFrameBytes(new SliceLayout(parameters, workers), compression)),
        DEFAULT_TIMEOUT);
  }

  /** The partition of the parameters over the shards. */
  public SliceLayout layout() {
    return new SliceLayout(parameters, workers);
  }

  /** Size of the largest frame an honest peer sends for this layout and compression. */
  public static long requiredFrameBytes(SliceLayout layout, Compression compression) {
    long length = layout.maxLength();
    long push = switch (compression.kind()) {
      case NONE -> 4 * length;
      case THRESHOLD -> 4 + 4 * length;
      case TOP_K -> 8 * length;
    };
    return FrameCodec.HEADER_BYTES + FrameCodec.PUSH_PREFIX_BYTES + Math.max(push, 4 * length);
  }
}
