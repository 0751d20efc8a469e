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

  /** Seed of the dropout masks of worker {@code worker} at global step {@code step}. */
  public static long dropout(long jobSeed, long step, int worker) {
    return mix(mix(mix(jobSeed ^ 0x44524f50L) + step) + worker);
  }

  /** SplitMix64's finalizer: a bijective mix with good avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
