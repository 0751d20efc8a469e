package io.sparktrain.kernels.train;

/**
 * Derives independent seeds from the job seed, so that every random choice (shuffle order,
 * dropout masks) is reproducible and no two uses share a stream.
 */
public final class Seeds {
  private Seeds() {}

  /** Seed of worker {@code worker}'s example order in {@code epoch}. */
  public static long shuffle(long jobSeed, int epoch, int worker) {
    return mix(mix(mix(jobSeed ^ 0x5348554646L) + epoch) + worker);
  }

  /**
   * Seed of the dropout masks at global step {@code step}. It does not depend on the worker: each
   * example's mask derives from this seed and the example's id ({@link #uniform}), so a step's
   * masks are the same however its examples are split across workers.
   */
  public static long dropout(long jobSeed, long step) {
    return mix(mix(jobSeed ^ 0x44524f50L) + step);
  }

  /**
   * A uniform number in [0, 1) for the example at position {@code index} of the input, which
   * decides whether it is held out for validation. It depends on the job seed and the position
   * only, so the split is the same on any number of workers.
   */
  public static double validation(long jobSeed, long index) {
    return uniform(jobSeed ^ 0x56414c49444154L, index, 0, 0);
  }

  /** A uniform number in [0, 1) determined by the four values, for per-element random choices. */
  public static double uniform(long seed, long a, long b, long c) {
    long z = mix(mix(mix(seed + a) + b) + c);
    return (z >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64's finalizer: a bijective mix with good avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
