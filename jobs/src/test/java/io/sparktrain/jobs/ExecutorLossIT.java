package io.sparktrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.jobs.SparkProcesses.Result;
import io.sparktrain.jobs.SparkProcesses.Running;
import io.sparktrain.jobs.output.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executor loss on a real standalone cluster ({@code deploy/local-cluster.sh}, two one-core
 * workers): an executor JVM killed with SIGKILL in the middle of an epoch costs a retry, its cached
 * shard is rebuilt from the input files, the worker starts a new executor, and the
 * {@code sync-gradient} run ends with the parameters of a clean run. The time from the kill to the
 * next progress line is written to {@code target/executor-loss-recovery.txt}.
 */
class ExecutorLossIT {
  private static final Pattern PROGRESS = Pattern.compile("epoch (\\d+)/\\d+ step (\\d+)/");
  private static final int EPOCHS = 2;

  @TempDir
  Path dir;

  @Test
  void aKilledExecutorCostsARetryAndTheRunEndsWithTheCleanRunsParameters() throws Exception {
    Path state = dir.resolve("cluster");
    String master = "spark://127.0.0.1:" + SparkProcesses.freePort();
    Result started = SparkProcesses.cluster(dir, state, "start", "--workers", "2", "--port",
        master.substring(master.lastIndexOf(':') + 1));
    assertThat(started.status()).as(started.output()).isZero();
    try {
      Path train = writeData(dir.resolve("train.csv"));
      Result clean = SparkProcesses.run(SparkProcesses.sparkSubmitTrain(master, job(train, dir.resolve("clean"))),
          dir, state);
      assertThat(clean.status()).as(clean.output()).isZero();

      Running run = SparkProcesses.start(SparkProcesses.sparkSubmitTrain(master, job(train, dir.resolve("killed"))),
          dir, state);
      int[] beforeKill = awaitProgress(run, 1, 30);
      ProcessHandle executor = executors(state).get(0);
      long killed = System.nanoTime();
      executor.destroyForcibly();
      int[] afterKill = awaitProgress(run, beforeKill[0], beforeKill[1] + 1);
      double recoverySeconds = (System.nanoTime() - killed) / 1e9;
      Result result = run.await(Duration.ofMinutes(5));

      assertThat(result.status()).as(result.output()).isZero();
      assertThat(result.output()).contains("epoch 2/2 done");
      assertThat(executorFolders(state)).as("a new executor replaced the killed one").hasSizeGreaterThanOrEqualTo(5);
      float[] expected = ModelFiles.read(dir.resolve("clean/model.zip")).parameters();
      float[] actual = ModelFiles.read(dir.resolve("killed/model.zip")).parameters();
      assertThat(actual).hasSameSizeAs(expected);
      double scale = 0;
      for (float value : expected) {
        scale = Math.max(scale, Math.abs(value));
      }
      for (int i = 0; i < expected.length; i++) {
        assertThat((double) actual[i]).as("parameter %d", i)
            .isCloseTo(expected[i], Offset.offset(1e-6 * Math.max(Math.abs(expected[i]), 1e-2 * scale)));
      }
      Files.writeString(Path.of("target", "executor-loss-recovery.txt"), String.format(Locale.ROOT,
          "executor killed after epoch %d step %d; next progress line (epoch %d step %d) %.1f s later%n",
          beforeKill[0], beforeKill[1], afterKill[0], afterKill[1], recoverySeconds));
    } finally {
      SparkProcesses.cluster(dir, state, "stop");
    }
  }

  private Path job(Path train, Path out) throws IOException {
    Path file = Files.createTempFile(dir, "job", ".yaml");
    return Files.writeString(file, String.join("\n",
        "name: executor-loss",
        "seed: 11",
        "spark: {workers: 2}",
        "data: {train: " + train + ", format: csv, label: 0, classes: 3, normalize: standardize}",
        "model: {init: he, layers: [{type: dense, units: 32}, {type: output}]}",
        "optimizer: {type: adam, learning-rate: 0.01}",
        "training: {batch-size-per-worker: 16, epochs: " + EPOCHS + ", log-every-steps: 5}",
        "output: {dir: " + out + "}"));
  }

  /** 3,000 rows of 16 features; the class is the largest of three sums, so there is something to learn. */
  private static Path writeData(Path file) throws IOException {
    Random random = new Random(5);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double[] features = new double[16];
      double[] sums = new double[3];
      for (int f = 0; f < features.length; f++) {
        features[f] = random.nextGaussian();
        sums[f % 3] += features[f];
      }
      int label = sums[0] > sums[1] ? (sums[0] > sums[2] ? 0 : 2) : (sums[1] > sums[2] ? 1 : 2);
      StringBuilder row = new StringBuilder().append(label);
      for (double feature : features) {
        row.append(',').append(String.format(Locale.ROOT, "%.5f", feature));
      }
      rows.add(row.toString());
    }
    return Files.write(file, rows);
  }

  /** Waits for a progress line at or beyond {@code epoch}, {@code step}; returns the latest (epoch, step). */
  private static int[] awaitProgress(Running run, int epoch, int step) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      int[] latest = latestProgress(run.output());
      if (latest != null && (latest[0] > epoch || latest[0] == epoch && latest[1] >= step)) {
        return latest;
      }
      if (!run.process().isAlive()) {
        throw new AssertionError("the job ended before step " + step + ":\n" + run.output());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no progress to epoch " + epoch + " step " + step + ":\n" + run.output());
  }

  private static int[] latestProgress(String output) {
    Matcher line = PROGRESS.matcher(output);
    int[] latest = null;
    while (line.find()) {
      latest = new int[] {Integer.parseInt(line.group(1)), Integer.parseInt(line.group(2))};
    }
    return latest;
  }

  /** The executor JVMs of the cluster whose state is in {@code state} (their class path runs through it). */
  private static List<ProcessHandle> executors(Path state) {
    List<ProcessHandle> found = ProcessHandle.allProcesses()
        .filter(process -> process.info().commandLine()
            .filter(line -> line.contains("CoarseGrainedExecutorBackend") && line.contains(state.toString()))
            .isPresent())
        .toList();
    assertThat(found).as("executor processes of the local cluster").isNotEmpty();
    return found;
  }

  /** Every executor folder ({@code work-N/app-ID/EXECUTOR}) the workers created. */
  private static List<Path> executorFolders(Path state) throws IOException {
    List<Path> folders = new ArrayList<>();
    for (String worker : List.of("work-1", "work-2")) {
      Path work = state.resolve(worker);
      try (var paths = Files.walk(work, 2)) {
        folders.addAll(paths.filter(path -> path.getNameCount() == work.getNameCount() + 2).toList());
      }
    }
    return folders;
  }
}
