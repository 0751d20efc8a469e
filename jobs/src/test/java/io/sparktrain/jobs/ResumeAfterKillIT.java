package io.sparktrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.jobs.output.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact resume after a real crash: {@code sparktrain train} runs in a child JVM (on this test JVM's
 * classpath, with the Java 17 flags Spark needs), is killed with {@code SIGKILL} ({@link Process#destroyForcibly})
 * once it has written a checkpoint inside an epoch at or after a step drawn from a seeded random
 * number, and the same command run again continues from that checkpoint and ends with the
 * parameters of a run that was never killed.
 */
class ResumeAfterKillIT {
  /** 1,500 examples, 2 workers of 8 per step: 94 steps per epoch, 188 in all; a checkpoint every 10. */
  private static final int EXAMPLES = 1500;
  private static final int EVERY_STEPS = 10;
  private static final long KILL_SEED = 20261123L;

  @TempDir
  Path dir;

  @Test
  void aRunKilledWithSigkillAndResumedEndsWithTheUninterruptedParameters() throws Exception {
    Path job = job();
    long killAfter = 20 + new Random(KILL_SEED).nextInt(150);
    Path killedLog = dir.resolve("killed.log");

    Process killed = start(job, killedLog);
    long checkpointed = awaitMidEpochCheckpoint(killed, killAfter, killedLog);
    killed.destroyForcibly();
    assertThat(killed.waitFor(1, TimeUnit.MINUTES)).isTrue();

    assertThat(killed.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    assertThat(dir.resolve("out/model.zip")).as("the killed run did not finish").doesNotExist();
    Path resumedLog = dir.resolve("resumed.log");
    int resumed = finish(start(job, resumedLog));
    assertThat(resumed).as(Files.readString(resumedLog)).isZero();
    assertThat(Files.readString(resumedLog)).contains("resuming from").contains("epoch 2/2 done");
    long resumedFrom = resumedStep(Files.readString(resumedLog));
    assertThat(resumedFrom).as("resumed from the kill's checkpoint or a later one").isGreaterThanOrEqualTo(checkpointed)
        .isLessThan(188);

    Path cleanLog = dir.resolve("clean.log");
    int clean = finish(start(job, cleanLog, "--set", "checkpoint=null", "--set", "output.dir=" + dir.resolve("clean")));
    assertThat(clean).as(Files.readString(cleanLog)).isZero();
    assertThat(Files.readString(cleanLog)).doesNotContain("resuming");

    float[] expected = ModelFiles.read(dir.resolve("clean/model.zip")).parameters();
    float[] actual = ModelFiles.read(dir.resolve("out/model.zip")).parameters();
    ResumeCliTest.assertRelativelyClose(actual, expected);
  }

  private Path job() throws IOException {
    Random random = new Random(5);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < EXAMPLES; i++) {
      int label = i % 3;
      StringBuilder row = new StringBuilder().append(label);
      for (int f = 0; f < 8; f++) {
        row.append(String.format(Locale.ROOT, ",%.5f", (f == label ? 1 : 0) + random.nextGaussian() * 0.5));
      }
      rows.add(row.toString());
    }
    Path train = Files.write(dir.resolve("train.csv"), rows);
    return Files.writeString(dir.resolve("job.yaml"), String.join("\n",
        "name: killed",
        "seed: 3",
        "spark: {master: \"local[2]\", workers: 2}",
        "data: {train: " + train + ", format: csv, label: 0, classes: 3}",
        "model: {layers: [{type: dense, units: 16, dropout: 0.1}, {type: output}]}",
        "optimizer: {type: adam, learning-rate: 0.01}",
        "training: {batch-size-per-worker: 8, epochs: 2, log-every-steps: 50}",
        "checkpoint: {dir: " + dir.resolve("checkpoints") + ", every-steps: " + EVERY_STEPS + ", keep-last: 2}",
        "output: {dir: " + dir.resolve("out") + "}"));
  }

  /** Waits until the run has written a checkpoint inside an epoch at step {@code atLeast} or later. */
  private long awaitMidEpochCheckpoint(Process process, long atLeast, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (System.nanoTime() < deadline) {
      OptionalLong newest = newestCheckpoint();
      if (newest.isPresent() && newest.getAsLong() >= atLeast && newest.getAsLong() % EVERY_STEPS == 0) {
        return newest.getAsLong();
      }
      if (!process.isAlive()) {
        throw new AssertionError("the run ended before a checkpoint at step " + atLeast + ":\n" + Files.readString(log));
      }
      Thread.sleep(10);
    }
    process.destroyForcibly();
    throw new AssertionError("no checkpoint at step " + atLeast + " within 4 minutes:\n" + Files.readString(log));
  }

  private OptionalLong newestCheckpoint() throws IOException {
    Path folder = dir.resolve("checkpoints");
    if (!Files.isDirectory(folder)) {
      return OptionalLong.empty();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(path -> path.getFileName().toString()).filter(name -> name.matches("checkpoint-\\d{12}\\.stc"))
          .mapToLong(name -> Long.parseLong(name.substring(11, 23))).max();
    }
  }

  private static long resumedStep(String log) {
    var matcher = java.util.regex.Pattern.compile("resuming from \\S+: (\\d+) steps done").matcher(log);
    assertThat(matcher.find()).as(log).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  private Process start(Path job, Path log, String... extra) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx2g"));
    command.addAll(Arrays.asList(System.getProperty("sparktrain.java17-flags").trim().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "io.sparktrain.jobs.SparkTrainCli", "train", "--config", job.toString()));
    command.addAll(Arrays.asList(extra));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put("OMP_NUM_THREADS", "1");
    return builder.start();
  }

  private static int finish(Process process) throws InterruptedException {
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the run did not end within 5 minutes");
    }
    return process.exitValue();
  }
}
