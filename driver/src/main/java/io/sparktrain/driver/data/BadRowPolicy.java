package io.sparktrain.driver.data;

import io.sparktrain.kernels.config.ConfigException;
import java.io.Serializable;
import java.util.Locale;

/**
 * What a load does with bad rows (YAML {@code data.on-bad-row} and {@code data.max-bad-fraction}).
 * Skipped rows leave no trace in the data: examples are numbered among the kept rows, so a file
 * whose bad rows are skipped trains exactly like the same file with those rows deleted.
 *
 * @param onBadRow fail at the first bad row, or skip bad rows
 * @param maxBadFraction with {@link OnBadRow#SKIP}: the largest fraction of a data set's rows
 *     (kept plus skipped) that may be skipped, in [0, 1]; a load above it fails
 */
public record BadRowPolicy(OnBadRow onBadRow, double maxBadFraction) implements Serializable {
  /** The default {@code data.max-bad-fraction}: one row in a hundred. */
  public static final double DEFAULT_MAX_BAD_FRACTION = 0.01;
  /** The default policy: fail at the first bad row. */
  public static final BadRowPolicy FAIL = new BadRowPolicy(OnBadRow.FAIL, DEFAULT_MAX_BAD_FRACTION);

  /** Validates the fraction. */
  public BadRowPolicy {
    ConfigException.require(onBadRow != null, "data.on-bad-row is required");
    ConfigException.require(maxBadFraction >= 0 && maxBadFraction <= 1,
        "data.max-bad-fraction must be in [0, 1], got " + maxBadFraction);
  }

  /** Skipping bad rows, failing when more than {@code maxBadFraction} of the rows are bad. */
  public static BadRowPolicy skip(double maxBadFraction) {
    return new BadRowPolicy(OnBadRow.SKIP, maxBadFraction);
  }

  /**
   * Counts {@code bad} in {@code skipped} when this policy skips it; rethrows it under
   * {@link OnBadRow#FAIL} or when the problem is not confined to one row.
   */
  void skipOrThrow(BadInputException bad, SkippedRows skipped) {
    if (onBadRow == OnBadRow.FAIL || bad.reason() == null) {
      throw bad;
    }
    skipped.add(bad);
  }

  /**
   * Fails when a load of {@code path} kept no row, or kept {@code kept} rows and skipped more than
   * the allowed fraction of all rows.
   */
  void check(String path, SkippedRows skipped, long kept) {
    long bad = skipped.total();
    if (kept == 0) {
      throw new BadInputException(path + ": no data rows"
          + (bad == 0 ? "" : ": all " + bad + " rows are bad; most common: " + skipped.top()));
    }
    if (bad == 0) {
      return;
    }
    long rows = kept + bad;
    double fraction = (double) bad / rows;
    if (fraction > maxBadFraction) {
      throw new BadInputException(String.format(Locale.ROOT,
          "%s: %d of %d rows are bad (fraction %.4f), above data.max-bad-fraction %s; most common: %s."
              + " Fix the data or raise data.max-bad-fraction",
          path, bad, rows, fraction, maxBadFraction, skipped.top()));
    }
  }
}
