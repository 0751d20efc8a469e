package io.sparktrain.ps.shard;

import io.sparktrain.kernels.config.ConfigException;
import java.io.Serializable;
import java.util.List;

/**
 * A partition of a flat vector of {@code size} parameters into {@code slices} contiguous slices,
 * slice {@code s} owned by shard {@code s}. When {@code size} is not divisible by {@code slices},
 * the first {@code size % slices} slices hold one parameter more, so lengths differ by at most one.
 *
 * <p>Optimizer state is laid out in blocks of one float per parameter (Adam: all first moments,
 * then all second moments), so a shard's state is its slice of every block; {@link #sliceState}
 * and {@link #wholeState} convert between the whole-vector and the per-shard layout.
 *
 * @param size number of parameters, at least {@code slices}
 * @param slices number of slices (shards), at least 1
 */
public record SliceLayout(int size, int slices) implements Serializable {

  /** Validates that every slice owns at least one parameter. */
  public SliceLayout {
    ConfigException.require(slices >= 1, "sharded-ps.workers must be >= 1, got " + slices);
    ConfigException.require(size >= slices,
        "sharded-ps: the parameter count must be at least the number of shards " + slices + ", got " + size);
  }

  /** Index of slice {@code slice}'s first parameter. */
  public int offset(int slice) {
    checkSlice(slice);
    return slice * (size / slices) + Math.min(slice, size % slices);
  }

  /** Number of parameters in slice {@code slice}. */
  public int length(int slice) {
    checkSlice(slice);
    return size / slices + (slice < size % slices ? 1 : 0);
  }

  /** Length of the longest slice. */
  public int maxLength() {
    return length(0);
  }

  /** Slice {@code slice} of {@code whole}, a vector of {@link #size} floats, as a new array. */
  public float[] slice(float[] whole, int slice) {
    requireLength("vector", whole.length, size);
    float[] part = new float[length(slice)];
    System.arraycopy(whole, offset(slice), part, 0, part.length);
    return part;
  }

  /** Slice {@code slice} of a whole-vector optimizer state (blocks of {@link #size} floats). */
  public float[] sliceState(float[] wholeState, int slice) {
    int blocks = blocks(wholeState.length, size);
    int length = length(slice);
    float[] part = new float[blocks * length];
    for (int b = 0; b < blocks; b++) {
      System.arraycopy(wholeState, b * size + offset(slice), part, b * length, length);
    }
    return part;
  }

  /** The whole-vector optimizer state assembled from every shard's state, in slice order. */
  public float[] wholeState(List<float[]> sliceStates) {
    requireLength("number of slice states", sliceStates.size(), slices);
    int blocks = blocks(sliceStates.get(0).length, length(0));
    float[] whole = new float[blocks * size];
    for (int s = 0; s < slices; s++) {
      int length = length(s);
      requireLength("state of slice " + s, sliceStates.get(s).length, blocks * length);
      for (int b = 0; b < blocks; b++) {
        System.arraycopy(sliceStates.get(s), b * length, whole, b * size + offset(s), length);
      }
    }
    return whole;
  }

  private static int blocks(int stateLength, int length) {
    if (stateLength % length != 0) {
      throw new IllegalArgumentException(
          "optimizer state of " + stateLength + " floats is not a whole number of blocks of " + length);
    }
    return stateLength / length;
  }

  private static void requireLength(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(what + " must be " + expected + ", got " + actual);
    }
  }

  private void checkSlice(int slice) {
    if (slice < 0 || slice >= slices) {
      throw new IndexOutOfBoundsException("slice " + slice + " outside [0, " + slices + ")");
    }
  }
}
