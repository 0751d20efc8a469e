package io.sparktrain.driver.data;

import java.io.Serializable;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The rows a load skipped under {@code data.on-bad-row: skip}, counted per reason, with the first
 * one (by file path, then row) of each reason as an example. Partial tallies from several input
 * units merge exactly, in any order. Mutable, not thread-safe.
 */
public final class SkippedRows implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final BadRowReason[] REASONS = BadRowReason.values();
  private final long[] counts = new long[REASONS.length];
  private final String[] exampleFiles = new String[REASONS.length];
  private final long[] exampleRows = new long[REASONS.length];
  private final String[] examples = new String[REASONS.length];

  SkippedRows() {}

  /** A tally of nothing skipped. */
  public static SkippedRows none() {
    return new SkippedRows();
  }

  /** Counts one skipped row; {@code bad} must name a reason. */
  void add(BadInputException bad) {
    note(bad.reason().ordinal(), 1, bad.file(), bad.row(), bad.getMessage());
  }

  /** Adds {@code other}'s counts to this and returns this. */
  SkippedRows merge(SkippedRows other) {
    for (int r = 0; r < REASONS.length; r++) {
      if (other.counts[r] > 0) {
        note(r, other.counts[r], other.exampleFiles[r], other.exampleRows[r], other.examples[r]);
      }
    }
    return this;
  }

  private void note(int reason, long count, String file, long row, String message) {
    boolean earlier = examples[reason] == null || file.compareTo(exampleFiles[reason]) < 0
        || (file.equals(exampleFiles[reason]) && row < exampleRows[reason]);
    if (earlier) {
      exampleFiles[reason] = file;
      exampleRows[reason] = row;
      examples[reason] = message;
    }
    counts[reason] += count;
  }

  /** Number of rows skipped. */
  public long total() {
    return IntStream.range(0, REASONS.length).mapToLong(r -> counts[r]).sum();
  }

  /**
   * Rows skipped per reason ({@code wrong-width}, {@code unparsable-number}, ...), most frequent
   * first, ties in reason order; reasons with no row are left out.
   */
  public Map<String, Long> byReason() {
    return order().boxed().collect(Collectors.toMap(r -> REASONS[r].key(), r -> counts[r], (a, b) -> a,
        LinkedHashMap::new));
  }

  /** The counts as one line, such as {@code wrong-width 3, unparsable-number 1}; empty for none. */
  @Override
  public String toString() {
    return order().mapToObj(r -> REASONS[r].key() + " " + counts[r]).collect(Collectors.joining(", "));
  }

  /** The most frequent reason, its count and its first row's message; only when rows were skipped. */
  String top() {
    int r = order().findFirst().orElseThrow();
    return REASONS[r].key() + " (" + counts[r] + " rows, first: " + examples[r] + ")";
  }

  private IntStream order() {
    return IntStream.range(0, REASONS.length).filter(r -> counts[r] > 0).boxed()
        .sorted(Comparator.<Integer>comparingLong(r -> -counts[r]).thenComparingInt(r -> r))
        .mapToInt(Integer::intValue);
  }
}
