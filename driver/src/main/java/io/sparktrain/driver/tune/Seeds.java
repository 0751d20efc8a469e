package io.sparktrain.driver.tune;

import java.util.SplittableRandom;

/** Random streams derived from the search's seed, one per trial and purpose. */
final class Seeds {
  private Seeds() {}

  /** A stream that depends only on {@code (seed, trialId, purpose)}. */
  static SplittableRandom forTrial(long seed, int trialId, long purpose) {
    return new SplittableRandom(mix(mix(seed ^ 0x5DEECE66DL) + trialId * 0x9E3779B97F4A7C15L + purpose));
  }

  /** The SplitMix64 finalizer: spreads neighbouring inputs over the whole range. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
