package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * Encodes a worker's gradient slices into PUSH frames, with the error-feedback residual of the
 * lossy {@link Compression}s, and decodes them on the shard. Encodings after the PUSH prefix:
 * dense ({@code count} floats, {@code count} = slice length), top-k ({@code count} pairs of int
 * index and float value), threshold (float threshold, then {@code count} ints: the index, with the
 * top bit set for {@code -threshold}). One instance per worker; not thread-safe.
 *
 * <p>Each shard's PUSH frames are written into one buffer kept for the next step ({@link
 * FrameCodec#reuse}); {@link #release} gives them back when the worker is done.
 */
final class GradientEncoder {
  static final byte DENSE = 0;
  static final byte TOP_K = 1;
  static final byte THRESHOLD = 2;

  private final Compression compression;
  private final SliceLayout layout;
  /** Error feedback: what was accumulated but not yet sent, one entry per parameter. */
  private final float[] residual;
  private int[] picked = new int[0];
  private float[] magnitudes = new float[0];
  /** Each shard's PUSH buffer, kept from step to step. */
  private final ByteBuf[] frames;

  GradientEncoder(Compression compression, SliceLayout layout) {
    this.compression = compression;
    this.layout = layout;
    this.residual = compression.kind() == Compression.Kind.NONE ? null : new float[layout.size()];
    this.frames = new ByteBuf[layout.slices()];
  }

  /** Releases the kept PUSH buffers (frames still being written keep theirs until written). */
  void release() {
    for (int s = 0; s < frames.length; s++) {
      if (frames[s] != null) {
        frames[s].release();
        frames[s] = null;
      }
    }
  }

  /** What error feedback has kept back so far (a copy); empty without compression. */
  float[] residual() {
    return residual == null ? new float[0] : residual.clone();
  }

  /**
   * The PUSH frame of slice {@code shard} of {@code gradientSum} (null: no examples, all zero),
   * moving what it does not send into the residual: a reference of its own to this shard's kept
   * buffer, which writing it releases (while an earlier frame is still being written, the frame
   * goes to a new buffer instead).
   */
  ByteBuf push(ByteBufAllocator alloc, long jobId, int shard, long step, int epoch, long examples, double lossSum,
      float[] gradientSum) {
    frames[shard] = FrameCodec.reuse(frames[shard], alloc, frameCapacity(shard));
    return encode(frames[shard], jobId, shard, step, epoch, examples, lossSum, gradientSum).retain();
  }

  /** The bytes of the largest PUSH frame of slice {@code shard} under this compression. */
  private int frameCapacity(int shard) {
    int length = layout.length(shard);
    int entries = switch (compression.kind()) {
      case NONE -> 4 * length;
      case TOP_K -> 8 * topKCount(length);
      case THRESHOLD -> 4 + 4 * length;
    };
    return FrameCodec.HEADER_BYTES + FrameCodec.PUSH_PREFIX_BYTES + entries;
  }

  private int topKCount(int length) {
    return (int) Math.min(length, Math.max(1, Math.ceil(compression.fraction() * length)));
  }

  private ByteBuf encode(ByteBuf buf, long jobId, int shard, long step, int epoch, long examples, double lossSum,
      float[] gradientSum) {
    int offset = layout.offset(shard);
    int length = layout.length(shard);
    if (residual == null) {
      prefix(buf, jobId, shard, step, 4 * length, epoch, examples, lossSum, DENSE, length);
      return gradientSum == null ? buf.writeZero(4 * length) : FrameCodec.writeFloats(buf, gradientSum, offset, length);
    }
    if (gradientSum != null) {
      for (int i = offset; i < offset + length; i++) {
        residual[i] += gradientSum[i];
      }
    }
    return compression.kind() == Compression.Kind.TOP_K
        ? topK(buf, jobId, shard, step, epoch, examples, lossSum, offset, length)
        : threshold(buf, jobId, shard, step, epoch, examples, lossSum, offset, length);
  }

  private ByteBuf topK(ByteBuf buf, long jobId, int shard, long step, int epoch, long examples,
      double lossSum, int offset, int length) {
    int k = topKCount(length);
    float cut = kthLargestMagnitude(offset, length, k);
    ensureScratch(length);
    int count = 0;
    for (int i = 0; i < length && count < k; i++) {
      if (Math.abs(residual[offset + i]) > cut) {
        picked[count++] = i;
      }
    }
    for (int i = 0; i < length && count < k; i++) {
      if (Math.abs(residual[offset + i]) == cut) {
        picked[count++] = i;
      }
    }
    Arrays.sort(picked, 0, count);
    prefix(buf, jobId, shard, step, 8 * count, epoch, examples, lossSum, TOP_K, count);
    for (int j = 0; j < count; j++) {
      int i = picked[j];
      buf.writeInt(i).writeFloat(residual[offset + i]);
      residual[offset + i] = 0;
    }
    return buf;
  }

  private ByteBuf threshold(ByteBuf buf, long jobId, int shard, long step, int epoch, long examples,
      double lossSum, int offset, int length) {
    float tau = (float) compression.threshold();
    int count = 0;
    for (int i = offset; i < offset + length; i++) {
      if (Math.abs(residual[i]) >= tau) {
        count++;
      }
    }
    prefix(buf, jobId, shard, step, 4 + 4 * count, epoch, examples, lossSum, THRESHOLD, count);
    buf.writeFloat(tau);
    for (int i = 0; i < length; i++) {
      float r = residual[offset + i];
      if (r >= tau) {
        buf.writeInt(i);
        residual[offset + i] = r - tau;
      } else if (r <= -tau) {
        buf.writeInt(i | Integer.MIN_VALUE);
        residual[offset + i] = r + tau;
      }
    }
    return buf;
  }

  /** The {@code k}-th largest {@code |residual|} in the slice, by quickselect on a scratch copy. */
  private float kthLargestMagnitude(int offset, int length, int k) {
    ensureScratch(length);
    for (int i = 0; i < length; i++) {
      magnitudes[i] = Math.abs(residual[offset + i]);
    }
    int target = length - k;
    int lo = 0;
    int hi = length - 1;
    while (lo < hi) {
      float pivot = magnitudes[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (magnitudes[i] < pivot) {
          i++;
        }
        while (magnitudes[j] > pivot) {
          j--;
        }
        if (i <= j) {
          float t = magnitudes[i];
          magnitudes[i++] = magnitudes[j];
          magnitudes[j--] = t;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        break;
      }
    }
    return magnitudes[target];
  }

  private void ensureScratch(int length) {
    if (magnitudes.length < length) {
      magnitudes = new float[length];
      picked = new int[length];
    }
  }

  private static void prefix(ByteBuf buf, long jobId, int shard, long step, int entryBytes, int epoch,
      long examples, double lossSum, byte encoding, int count) {
    FrameCodec.writeHeader(buf, FrameType.PUSH, jobId, shard, step, FrameCodec.PUSH_PREFIX_BYTES + entryBytes)
        .writeInt(epoch).writeLong(examples).writeDouble(lossSum).writeByte(encoding).writeInt(count);
  }

  /**
   * Decodes the entries of a PUSH payload (positioned after the prefix's count) into
   * {@code dense}, the slice's length, overwriting all of it (entries a sparse encoding leaves out
   * are zero).
   */
  static void decode(ByteBuf payload, byte encoding, int count, float[] dense) {
    int length = dense.length;
    if (encoding != DENSE) {
      Arrays.fill(dense, 0f);
    }
    switch (encoding) {
      case DENSE -> {
        require(count == length, "dense PUSH must carry the slice's " + length + " floats, got " + count);
        requireRemaining(payload, 4L * count);
        FrameCodec.readFloats(payload, dense, 0, count);
      }
      case TOP_K -> {
        require(count >= 0 && count <= length, "top-k PUSH count " + count + " outside [0, " + length + "]");
        requireRemaining(payload, 8L * count);
        for (int j = 0; j < count; j++) {
          int i = payload.readInt();
          require(i >= 0 && i < length, "top-k PUSH index " + i + " outside [0, " + length + ")");
          dense[i] += payload.readFloat();
        }
      }
      case THRESHOLD -> {
        require(count >= 0 && count <= length, "threshold PUSH count " + count + " outside [0, " + length + "]");
        requireRemaining(payload, 4 + 4L * count);
        float tau = payload.readFloat();
        require(Float.isFinite(tau) && tau > 0, "threshold PUSH threshold must be finite and > 0, got " + tau);
        for (int j = 0; j < count; j++) {
          int word = payload.readInt();
          int i = word & Integer.MAX_VALUE;
          require(i < length, "threshold PUSH index " + i + " outside [0, " + length + ")");
          dense[i] += word < 0 ? -tau : tau;
        }
      }
      default -> throw new FrameException("unknown PUSH encoding " + encoding);
    }
  }

  private static void requireRemaining(ByteBuf payload, long bytes) {
    require(payload.readableBytes() == bytes,
        "PUSH entries must be " + bytes + " bytes, got " + payload.readableBytes());
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new FrameException(message);
    }
  }
}
