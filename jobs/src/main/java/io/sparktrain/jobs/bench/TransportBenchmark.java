package io.sparktrain.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The transport benchmark ({@code bin/benchmark-transport}): trains MLPs of about the chosen
 * parameter counts with the {@code driver} and the {@code sharded-ps} transport, each run a
 * {@code train} job in its own child JVM on synthetic data, and reports side by side the steps per
 * second of the last epoch, the bytes each worker sends and receives per step, the Adam state each
 * executor holds, and the peak resident memory of the executor JVMs. Without {@code --cluster} the
 * jobs run in {@code local[W]} (the executors are the child JVM itself); with it they are
 * {@code spark-submit}ted to that standalone master (see {@code deploy/local-cluster.sh}).
 */
@Command(name = "bin/benchmark-transport", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Steps/s, bytes per worker per step and executor memory of the driver and sharded-ps",
        "transports, for MLPs of the given parameter counts."})
public final class TransportBenchmark implements Callable<Integer> {
  private static final List<String> TRANSPORTS = List.of("driver", "sharded-ps");
  private static final int CLASSES = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  private CommandSpec spec;

  @Option(names = "--sizes", defaultValue = "1000000,10000000,50000000", split = ",",
      description = "approximate parameter counts, one model each (default: ${DEFAULT-VALUE})")
  private List<Long> sizes;

  @Option(names = "--workers", defaultValue = "2", description = "spark.workers (default: ${DEFAULT-VALUE})")
  private int workers;

  @Option(names = "--batch", defaultValue = "16", description = "examples per worker per step (default: ${DEFAULT-VALUE})")
  private int batch;

  @Option(names = "--steps", defaultValue = "20", description = "steps per epoch (default: ${DEFAULT-VALUE})")
  private int steps;

  @Option(names = "--epochs", defaultValue = "2",
      description = "epochs; the last one is measured, the first warms up (default: ${DEFAULT-VALUE})")
  private int epochs;

  @Option(names = "--features", defaultValue = "1000", description = "input width (default: ${DEFAULT-VALUE})")
  private int features;

  @Option(names = "--cluster", description = "a standalone master URL (spark://host:port); default: local[workers]")
  private String cluster;

  @Option(names = "--app-jar", description = "the application jar to submit (with --cluster)")
  private Path appJar;

  @Option(names = "--spark-classpath", description = "a file holding Spark's class path (with --cluster)")
  private Path sparkClasspath;

  @Option(names = "--executor-memory", defaultValue = "3g",
      description = "spark.executor.memory with --cluster (default: ${DEFAULT-VALUE})")
  private String executorMemory;

  @Option(names = "--out", defaultValue = "out/benchmark-transport",
      description = "folder for data, configs, job outputs, logs and report.txt (default: ${DEFAULT-VALUE})")
  private Path out;

  /** One measured run. */
  record Measurement(long parameters, String transport, double stepsPerSecond, double steppingStepsPerSecond,
      double bytesSentPerWorkerPerStep,
      double bytesReceivedPerWorkerPerStep, long adamStateBytesPerExecutor, long peakExecutorRssBytes) {}

  /** Entry point; exits with 0 when every run finished. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new TransportBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    validate();
    Files.createDirectories(out);
    Path data = writeData(out.resolve("train.csv"));
    List<Measurement> results = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (long size : sizes) {
      int hidden = hiddenUnits(size);
      long parameters = parameters(hidden);
      for (String transport : TRANSPORTS) {
        String id = "p" + parameters + "-" + transport;
        Path jobOut = out.resolve(id);
        Path config = out.resolve(id + ".yaml");
        Files.writeString(config, config(id, data, hidden, transport, jobOut));
        Path log = out.resolve(id + ".log");
        System.out.printf(Locale.ROOT, "%s: %,d parameters, %s (log: %s)%n", id, parameters, transport, log);
        PeakRss rss = new PeakRss(cluster != null);
        int exit = runChild(config, log, rss);
        if (exit != 0) {
          failures.add(id + ": exit code " + exit + "; see " + log);
          System.out.printf("      FAILED with exit code %d%n", exit);
          continue;
        }
        Measurement measured = measure(parameters, transport, jobOut.resolve("metrics.jsonl"), rss.peak());
        results.add(measured);
        System.out.printf(Locale.ROOT, "      %.3f steps/s%n", measured.stepsPerSecond());
      }
    }
    String report = render(results, failures);
    Files.writeString(out.resolve("report.txt"), report);
    System.out.println();
    System.out.print(report);
    return failures.isEmpty() ? 0 : 1;
  }

  private void validate() {
    if (workers < 1 || batch < 1 || steps < 1 || epochs < 1 || features < 1) {
      throw new ParameterException(spec.commandLine(), "--workers, --batch, --steps, --epochs and --features must be >= 1");
    }
    if (sizes.stream().anyMatch(size -> size < features * 2L)) {
      throw new ParameterException(spec.commandLine(), "--sizes must each be at least 2 * --features");
    }
    if (cluster != null && (appJar == null || sparkClasspath == null)) {
      throw new ParameterException(spec.commandLine(), "--cluster needs --app-jar and --spark-classpath");
    }
  }

  /** The hidden width whose {@code features-hidden-10} MLP comes closest to {@code size} parameters. */
  private int hiddenUnits(long size) {
    return (int) Math.max(1, Math.round((size - CLASSES) / (double) (features + 1 + CLASSES)));
  }

  private long parameters(int hidden) {
    return (long) features * hidden + hidden + (long) hidden * CLASSES + CLASSES;
  }

  /** {@code workers * batch * steps} rows of uniform features with a label that depends on them. */
  private Path writeData(Path file) throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    StringBuilder text = new StringBuilder();
    int rows = workers * batch * steps;
    for (int row = 0; row < rows; row++) {
      StringBuilder line = new StringBuilder();
      double sum = 0;
      for (int feature = 0; feature < features; feature++) {
        double value = random.nextDouble();
        sum += feature % 2 == 0 ? value : -value;
        line.append(',').append(String.format(Locale.ROOT, "%.4f", value));
      }
      int label = Math.floorMod((int) Math.floor(sum * 3), CLASSES);
      text.append(label).append(line).append('\n');
    }
    Files.writeString(file, text);
    return file;
  }

  private String config(String id, Path data, int hidden, String transport, Path jobOut) {
    String master = cluster == null ? "local[" + workers + "]" : cluster;
    return String.join("\n",
        "name: transport-" + id,
        "seed: 1",
        "spark: {master: \"" + master + "\", workers: " + workers + "}",
        "data: {train: " + data.toAbsolutePath() + ", format: csv, label: 0, classes: " + CLASSES
            + ", normalize: none, shuffle: false}",
        "model: {init: xavier, layers: [{type: dense, units: " + hidden + ", activation: relu}, {type: output}]}",
        "optimizer: {type: adam, learning-rate: 0.001}",
        "training: {transport: " + transport + ", batch-size-per-worker: " + batch + ", epochs: " + epochs
            + ", log-every-steps: " + steps + "}",
        "output: {dir: " + jobOut.toAbsolutePath() + "}", "");
  }

  private int runChild(Path config, Path log, PeakRss rss) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    if (cluster == null) {
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.sparktrain.jobs.SparkTrainCli"));
    } else {
      command.addAll(List.of("-cp", Files.readString(sparkClasspath).trim(), "org.apache.spark.deploy.SparkSubmit",
          "--master", cluster, "--conf", "spark.executor.memory=" + executorMemory,
          "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
          "--class", "io.sparktrain.jobs.SparkTrainCli", appJar.toAbsolutePath().toString()));
    }
    command.addAll(List.of("train", "--config", config.toAbsolutePath().toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process child = builder.start();
    while (!child.waitFor(250, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      rss.sample(child.pid());
    }
    return child.exitValue();
  }

  private Measurement measure(long parameters, String transport, Path metrics, long peakRss) throws IOException {
    List<JsonNode> lines = Files.readAllLines(metrics).stream().map(TransportBenchmark::json).toList();
    List<JsonNode> epochLines = lines.stream().filter(line -> line.get("type").asText().equals("epoch")).toList();
    if (epochLines.isEmpty()) {
      throw new IllegalStateException(metrics + " has no epoch line");
    }
    // An epoch line counts the steps run so far: the last epoch ran the difference.
    JsonNode lastEpoch = epochLines.get(epochLines.size() - 1);
    long before = epochLines.size() > 1 ? epochLines.get(epochLines.size() - 2).get("steps").asLong() : 0;
    double stepsPerSecond = (lastEpoch.get("steps").asLong() - before) / lastEpoch.get("seconds").asDouble();
    int epoch = lastEpoch.get("epoch").asInt();
    List<JsonNode> steps = lines.stream()
        .filter(line -> line.get("type").asText().equals("step") && line.get("epoch").asInt() == epoch).toList();
    double examples = steps.stream().mapToDouble(line -> line.get("examples").asDouble()).sum();
    // The seconds spent in steps alone: every step line's rate is over the epoch's examples so far and the time
    // since the epoch's first step began (sharded-ps: since its stage's first step), so the last line covers them all.
    double steppingSeconds = examples / steps.get(steps.size() - 1).get("samples_per_second").asDouble();
    Optional<JsonNode> traffic = lines.stream().filter(line -> line.get("type").asText().equals("traffic"))
        .reduce((first, second) -> second);
    double sent = traffic.map(line -> line.get("bytes_sent_per_worker_per_step").asDouble()).orElse(Double.NaN);
    double received = traffic.map(line -> line.get("bytes_received_per_worker_per_step").asDouble()).orElse(Double.NaN);
    // Adam's two moments, 4 bytes per entry: all on the driver with the driver transport, one slice per shard otherwise.
    long adamState = transport.equals("driver") ? 0 : 2L * 4 * ((parameters + workers - 1) / workers);
    return new Measurement(parameters, transport, stepsPerSecond, steps.size() / steppingSeconds, sent, received,
        adamState, peakRss);
  }

  private String render(List<Measurement> results, List<String> failures) {
    StringBuilder text = new StringBuilder();
    text.append("SparkTrain transport benchmark, ").append(LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS))
        .append('\n')
        .append("command: bin/benchmark-transport ")
        .append(String.join(" ", spec.commandLine().getParseResult().originalArgs())).append('\n')
        .append(String.format(Locale.ROOT, "workload: MLP %d-H(relu)-%d, Adam, %d workers x %d examples per step,"
            + " %d steps per epoch, %d epochs (the last measured), master %s%n", features, CLASSES, workers, batch,
            steps, epochs, cluster == null ? "local[" + workers + "]" : cluster))
        .append("machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(Runtime.version()).append('\n')
        .append("bytes: per worker per step as the sharded-ps shards count them (sent + received), against the")
        .append(" ideal 2*P*4;\n  the driver transport sends each gradient to the driver and receives the parameters")
        .append(" by broadcast (P*4 each way, not counted)\n")
        .append("steps/s: the last epoch's steps over its wall time; stepping/s: over the time spent in steps,")
        .append(" without the\n  per-epoch costs (sharded-ps: one barrier stage per epoch, whose shards fetch their slices")
        .append(" of the\n  parameters and optimizer state from the driver and hand them back)\n")
        .append("executor RSS: peak resident memory of the largest executor JVM")
        .append(cluster == null ? " (local mode: the one JVM, driver included)\n\n" : "\n\n");
    text.append(String.format(Locale.ROOT, "%12s  %-10s  %9s  %9s  %11s  %9s  %14s  %11s  %13s  %13s%n",
        "parameters", "transport", "steps/s", "vs driver", "stepping/s", "vs driver", "bytes/wkr/step", "vs 2*P*4",
        "Adam state/ex", "executor RSS"));
    for (Measurement m : results) {
      Optional<Measurement> driver = results.stream()
          .filter(other -> other.parameters() == m.parameters() && other.transport().equals("driver")).findFirst();
      double bytes = m.bytesSentPerWorkerPerStep() + m.bytesReceivedPerWorkerPerStep();
      text.append(String.format(Locale.ROOT, "%,12d  %-10s  %9.3f  %9s  %11.3f  %9s  %14s  %11s  %13s  %13s%n",
          m.parameters(), m.transport(), m.stepsPerSecond(),
          driver.map(d -> String.format(Locale.ROOT, "%.2fx", m.stepsPerSecond() / d.stepsPerSecond())).orElse("-"),
          m.steppingStepsPerSecond(), driver.map(d -> String.format(Locale.ROOT, "%.2fx",
              m.steppingStepsPerSecond() / d.steppingStepsPerSecond())).orElse("-"),
          Double.isNaN(bytes) ? "-" : String.format(Locale.ROOT, "%,.0f", bytes),
          Double.isNaN(bytes) ? "-" : String.format(Locale.ROOT, "%+.3f%%", 100 * (bytes / (8.0 * m.parameters()) - 1)),
          m.transport().equals("driver") ? "0 (driver)" : mebibytes(m.adamStateBytesPerExecutor()),
          m.peakExecutorRssBytes() > 0 ? mebibytes(m.peakExecutorRssBytes()) : "-"));
    }
    failures.forEach(failure -> text.append("FAILED ").append(failure).append('\n'));
    return text.toString();
  }

  private static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The peak resident memory ({@code VmHWM} in {@code /proc/PID/status}) of the executor JVMs: the
   * child itself in local mode, the {@code CoarseGrainedExecutorBackend} processes on a cluster,
   * sampled while the child runs.
   */
  private static final class PeakRss {
    private final boolean clusterExecutors;
    private final Map<Long, Long> peaks = new ConcurrentHashMap<>();

    PeakRss(boolean clusterExecutors) {
      this.clusterExecutors = clusterExecutors;
    }

    void sample(long childPid) {
      if (clusterExecutors) {
        ProcessHandle.allProcesses()
            .filter(process -> process.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
            .forEach(process -> record(process.pid()));
      } else {
        record(childPid);
      }
    }

    private void record(long pid) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
          if (line.startsWith("VmHWM:")) {
            long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
            peaks.merge(pid, kib * 1024, Math::max);
          }
        }
      } catch (IOException | RuntimeException e) {
        // The process ended between listing and reading, or /proc is absent: nothing to record.
      }
    }

    long peak() {
      return peaks.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
  }
}
