package io.sparktrain.jobs.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Renders the benchmark's report: the headline table with the ratios to SparkTrain, the setup of
 * each system, the per-epoch numbers, and the systems that failed.
 */
final class Report {
  private static final String ROW = "%-21s %-6s %10s %10s %11s %11s %10s %9s%n";
  private static final String EPOCH_ROW = "%-21s %5s %9s %10s %9s %8s%n";

  private Report() {}

  /**
   * @param preamble lines that describe the run (command, data, machine)
   * @param results the finished systems, in the order they ran
   * @param failures why each failed system failed, by name
   * @param target the target test accuracy
   */
  static String render(List<String> preamble, List<SystemResult> results, Map<String, String> failures,
      double target) {
    StringBuilder out = new StringBuilder();
    preamble.forEach(line -> out.append(line).append('\n'));
    out.append('\n');
    List<Summary> summaries = results.stream().map(result -> Summary.of(result, target)).toList();
    Optional<Summary> base = summaries.stream()
        .filter(s -> s.system().equals(Contender.SPARKTRAIN.id()))
        .findFirst();
    String toTarget = format("to %.3f", target);
    out.append(format(ROW, "system", "OMP", "samples/s", "rate/ST", "ST speedup", "s " + toTarget, "time/ST",
        "final acc"));
    for (int i = 0; i < summaries.size(); i++) {
      Summary s = summaries.get(i);
      out.append(format(ROW, s.system(), results.get(i).ompNumThreads(),
          format("%.0f", s.samplesPerSecond()) + (s.firstEpochOnly() ? "*" : ""),
          base.map(b -> ratio(s.samplesPerSecond() / b.samplesPerSecond())).orElse("-"),
          base.map(b -> ratio(b.samplesPerSecond() / s.samplesPerSecond())).orElse("-"),
          seconds(s.secondsToTarget()),
          base.map(b -> timeRatio(s.secondsToTarget(), b.secondsToTarget())).orElse("-"),
          format("%.4f", s.finalAccuracy())));
    }
    failures.forEach((system, why) -> out.append(format("%-21s FAILED: %s%n", system, why)));
    out.append('\n')
        .append("samples/s: median over epochs 2..N of training examples / training seconds of the epoch")
        .append(summaries.stream().anyMatch(Summary::firstEpochOnly)
            ? "\n  (* only one epoch was run: epoch 1, warm-up included)" : "")
        .append('\n')
        .append("rate/ST: this system's samples/s divided by SparkTrain's (ST); ST speedup: the inverse,"
            + " SparkTrain's samples/s divided by this system's\n")
        .append("s " + toTarget + ": cumulative training seconds (evaluation excluded) until the test accuracy"
            + " after an epoch first reached " + format("%.3f", target) + "; '-' if it never did\n")
        .append("time/ST: this system's seconds to the target divided by SparkTrain's\n")
        .append("OMP: the child JVM's OMP_NUM_THREADS (unset = ND4J's default thread count)\n");
    out.append("\nSetup\n");
    results.forEach(r -> out.append(format("  %-21s %s; %d train / %d test examples; %.1f s before epoch 1"
        + " (untimed)%n", r.system(), r.setup(), r.trainExamples(), r.testExamples(), r.setupSeconds())));
    out.append("\nPer epoch\n").append(format(EPOCH_ROW, "system", "epoch", "train s", "samples/s", "test acc",
        "eval s"));
    for (SystemResult r : results) {
      for (EpochResult e : r.epochs()) {
        out.append(format(EPOCH_ROW, r.system(), e.epoch(), format("%.2f", e.trainSeconds()),
            format("%.0f", e.samplesPerSecond()), format("%.4f", e.testAccuracy()),
            format("%.2f", e.evalSeconds())));
      }
    }
    return out.toString();
  }

  private static String ratio(double value) {
    return format("%.2fx", value);
  }

  private static String seconds(OptionalDouble value) {
    return value.isPresent() ? format("%.1f", value.getAsDouble()) : "-";
  }

  private static String timeRatio(OptionalDouble value, OptionalDouble base) {
    return value.isPresent() && base.isPresent() ? ratio(value.getAsDouble() / base.getAsDouble()) : "-";
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
