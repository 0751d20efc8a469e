package io.sparktrain.ps.shard;

import io.sparktrain.kernels.config.ConfigException;
import java.io.Serializable;

/**
 * How workers compress the gradient slices they push (YAML {@code training.compression}). Both
 * lossy schemes keep error feedback: each worker keeps a residual per parameter, adds its new
 * gradient sum to it, sends part of the result and keeps the rest for later steps, so nothing is
 * dropped, only delayed, and the sum of what was sent over many steps approaches the sum of the
 * true gradients.
 *
 * <ul>
 *   <li>{@link Kind#NONE}: dense float32 slices, 4 bytes per parameter.
 *   <li>{@link Kind#THRESHOLD}: threshold encoding, Strom 2015 ("Scalable distributed DNN
 *       training using commodity GPU cloud computing"): every residual entry with
 *       {@code |r| >= threshold} is sent as {@code sign(r) * threshold}, 4 bytes per sent entry
 *       (index with the sign in its top bit). {@code threshold} is in units of the pushed gradient
 *       sum.
 *   <li>{@link Kind#TOP_K}: top-k sparsification with error feedback, the core of Deep Gradient
 *       Compression, Lin et al. 2018: the {@code ceil(fraction * length)} entries of largest
 *       magnitude of each slice are sent exactly, 8 bytes per sent entry (index, value), so payload
 *       bytes drop by a factor of about {@code 1 / (2 * fraction)}. DGC's momentum correction and
 *       warm-up are not applied.
 * </ul>
 *
 * @param kind which scheme
 * @param threshold the threshold of {@link Kind#THRESHOLD}, finite and &gt; 0; 0 otherwise
 * @param fraction the kept fraction of {@link Kind#TOP_K}, in (0, 1]; 0 otherwise
 */
public record Compression(Kind kind, double threshold, double fraction) implements Serializable {

  /** Dense, uncompressed pushes. */
  public static final Compression NONE = new Compression(Kind.NONE, 0, 0);

  /** The compression schemes. */
  public enum Kind {
    /** Dense float32 slices. */
    NONE,
    /** Strom 2015 threshold encoding with error feedback. */
    THRESHOLD,
    /** Top-k sparsification with error feedback (Lin et al. 2018). */
    TOP_K
  }

  /** Validates the parameter of the chosen kind and rejects a parameter of another kind. */
  public Compression {
    ConfigException.require(kind != null, "training.compression.type is required (none, threshold, top-k)");
    switch (kind) {
      case NONE -> ConfigException.require(threshold == 0 && fraction == 0,
          "training.compression.threshold and .fraction need type threshold or top-k, got type none with threshold "
              + threshold + " and fraction " + fraction);
      case THRESHOLD -> {
        ConfigException.requirePositive("training.compression.threshold", threshold);
        ConfigException.require(fraction == 0,
            "training.compression.fraction applies to type top-k only, got " + fraction + " with type threshold");
      }
      case TOP_K -> {
        ConfigException.require(fraction > 0 && fraction <= 1,
            "training.compression.fraction must be in (0, 1], got " + fraction);
        ConfigException.require(threshold == 0,
            "training.compression.threshold applies to type threshold only, got " + threshold + " with type top-k");
      }
    }
  }

  /** Threshold encoding (Strom 2015) with the given threshold. */
  public static Compression threshold(double threshold) {
    return new Compression(Kind.THRESHOLD, threshold, 0);
  }

  /** Top-k with error feedback (Lin et al. 2018) keeping {@code fraction} of each slice. */
  public static Compression topK(double fraction) {
    return new Compression(Kind.TOP_K, 0, fraction);
  }
}
