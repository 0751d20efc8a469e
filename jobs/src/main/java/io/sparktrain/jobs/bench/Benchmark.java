package io.sparktrain.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The benchmark's parent ({@code bin/benchmark}): runs each chosen system in its own child JVM
 * ({@link BenchmarkRun}) one after the other, with that system's {@code OMP_NUM_THREADS} and
 * {@code SPARK_LOCAL_IP=127.0.0.1}, then writes {@code report.txt}. Children run with this JVM's
 * java binary, JVM options and class path, so start this one with the Spark flags and heap they
 * need. Writes into {@code --out}: {@code SYSTEM.json} and {@code SYSTEM.log} per system,
 * {@code report.txt}, and with {@code --train-limit} the smaller training set under {@code data/}.
 */
@Command(name = "bin/benchmark", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains the same MLP on Fashion-MNIST with plain DL4J, dl4j-spark and SparkTrain, each in",
        "its own JVM, and reports throughput, time to a target accuracy and final accuracy."})
public final class Benchmark implements Callable<Integer> {
  private static final String ALL =
      "dl4j-fit,dl4j-fit-omp1,dl4j-spark-f1,dl4j-spark-f5,sparktrain,sparktrain-sharded-ps";

  @Spec
  private CommandSpec spec;

  @Option(names = "--epochs", defaultValue = "5", description = "epochs per system (default: ${DEFAULT-VALUE})")
  private int epochs;

  @Option(names = "--target", defaultValue = "0.85",
      description = "target test accuracy for time-to-target (default: ${DEFAULT-VALUE})")
  private double target;

  @Option(names = "--systems", defaultValue = ALL, split = ",",
      description = "systems to run, in order (default: ${DEFAULT-VALUE})")
  private List<String> systems;

  @Option(names = "--train-limit", defaultValue = "0",
      description = "train on the first N training examples only; 0 for all (default: ${DEFAULT-VALUE})")
  private int trainLimit;

  @Option(names = "--out", defaultValue = "out/benchmark",
      description = "folder for results, logs and report.txt (default: ${DEFAULT-VALUE})")
  private Path out;

  @Option(names = "--train", defaultValue = "/usr/share/datasets/fashion-mnist/train",
      description = "IDX path prefix of the training data (default: ${DEFAULT-VALUE})")
  private String train;

  @Option(names = "--test", defaultValue = "/usr/share/datasets/fashion-mnist/t10k",
      description = "IDX path prefix of the test data (default: ${DEFAULT-VALUE})")
  private String test;

  @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
  private long seed;

  /** Entry point; exits with 0 when every system finished. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Benchmark()).execute(args));
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<Contender> contenders = validate();
    Files.createDirectories(out);
    String trainData = trainLimit > 0
        ? IdxSubset.write(train, out.resolve("data").resolve("train-first-" + trainLimit), trainLimit) : train;
    List<SystemResult> results = new ArrayList<>();
    Map<String, String> failures = new LinkedHashMap<>();
    for (int i = 0; i < contenders.size(); i++) {
      Contender contender = contenders.get(i);
      Path result = out.resolve(contender.id() + ".json");
      Path log = out.resolve(contender.id() + ".log");
      Files.deleteIfExists(result);
      System.out.printf("[%d/%d] %s (log: %s)%n", i + 1, contenders.size(), contender.id(), log);
      long started = System.nanoTime();
      int exit = runChild(contender, trainData, result, log);
      double seconds = (System.nanoTime() - started) / 1e9;
      if (exit == 0 && Files.exists(result)) {
        SystemResult done = new ObjectMapper().readValue(result.toFile(), SystemResult.class);
        results.add(done);
        Summary summary = Summary.of(done, target);
        System.out.printf(Locale.ROOT, "      done in %.0f s: %.0f samples/s, final test accuracy %.4f%n", seconds,
            summary.samplesPerSecond(), summary.finalAccuracy());
      } else {
        failures.put(contender.id(), "exit code " + exit + " after " + Math.round(seconds) + " s; see " + log);
        System.out.printf("      FAILED with exit code %d; see %s%n", exit, log);
      }
    }
    String report = Report.render(preamble(trainData), results, failures, target);
    Files.writeString(out.resolve("report.txt"), report);
    System.out.println();
    System.out.print(report);
    return failures.isEmpty() ? 0 : 1;
  }

  private List<Contender> validate() {
    if (epochs < 1) {
      throw new ParameterException(spec.commandLine(), "--epochs must be >= 1, got " + epochs);
    }
    if (!(target > 0 && target <= 1)) {
      throw new ParameterException(spec.commandLine(), "--target must be in (0, 1], got " + target);
    }
    if (trainLimit < 0) {
      throw new ParameterException(spec.commandLine(), "--train-limit must be >= 0 (0 = all), got " + trainLimit);
    }
    try {
      return systems.stream().map(String::trim).map(Contender::byId).distinct().toList();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--systems: " + e.getMessage());
    }
  }

  private int runChild(Contender contender, String trainData, Path result, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchmarkRun.class.getName(),
        "--system", contender.id(), "--train", trainData, "--test", test, "--epochs", String.valueOf(epochs),
        "--seed", String.valueOf(seed), "--result", result.toString(),
        "--scratch", out.resolve(contender.id() + "-scratch").toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    environment.put("SPARK_LOCAL_IP", "127.0.0.1");
    environment.remove("OMP_NUM_THREADS");
    contender.ompThreads().ifPresent(threads -> environment.put("OMP_NUM_THREADS", String.valueOf(threads)));
    return builder.start().waitFor();
  }

  private List<String> preamble(String trainData) {
    return List.of(
        "SparkTrain benchmark, " + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS),
        "command: bin/benchmark " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
        "workload: MLP 784-256(relu)-10(softmax, MCXENT), He init, Adam lr " + Workload.LEARNING_RATE
            + ", global batch " + Workload.GLOBAL_BATCH + ", " + epochs + (epochs == 1 ? " epoch" : " epochs")
            + ", seed " + seed
            + ", features min-max scaled to [0, 1] on the training set",
        "data: train " + trainData + (trainLimit > 0 ? " (first " + trainLimit + " of " + train + ")" : "")
            + ", test " + test,
        "machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version() + ", "
            + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }
}
