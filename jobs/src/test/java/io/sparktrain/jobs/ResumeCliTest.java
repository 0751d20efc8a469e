package io.sparktrain.jobs;

import static io.sparktrain.jobs.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.jobs.CliTest.Run;
import io.sparktrain.jobs.output.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} with {@code checkpoint}: checkpoints every N steps and at epoch ends, continuing from
 * the newest readable one, refusing a changed config unless {@code --force}, and a diverged run
 * that leaves the checkpoints it found untouched.
 */
class ResumeCliTest {
  @TempDir
  Path dir;

  /** 40 rows of 3 classes: with 2 workers of 4 examples per step, 5 steps per epoch. */
  private Path job(String... extra) throws Exception {
    Random random = new Random(3);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int label = i % 3;
      rows.add(String.format(Locale.ROOT, "%d,%.4f,%.4f", label, label + random.nextGaussian() * 0.3,
          random.nextGaussian()));
    }
    Path train = Files.write(dir.resolve("train.csv"), rows);
    List<String> lines = new ArrayList<>(List.of(
        "name: resumable",
        "seed: 11",
        "spark: {master: \"local[2]\", workers: 2}",
        "data: {train: " + train + ", format: csv, label: 0, classes: 3}",
        "model: {layers: [{type: dense, units: 6, dropout: 0.1}, {type: output}]}",
        "optimizer: {type: adam, learning-rate: 0.05}",
        "training: {batch-size-per-worker: 4, epochs: 2}",
        "checkpoint: {dir: " + dir.resolve("checkpoints") + ", every-steps: 2, keep-last: 100}",
        "output: {dir: " + dir.resolve("out") + "}"));
    lines.addAll(List.of(extra));
    return Files.write(dir.resolve("job.yaml"), lines);
  }

  @Test
  void aRunWritesCheckpointsEveryNStepsAndAtEpochEndsAndKeepsTheLastK() throws Exception {
    Run run = cli("train", "--config", job().toString(), "--set", "checkpoint.keep-last=3");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(checkpointNames()).as("of 2, 4, 5 (epoch end), 6, 8 and 10 (epoch end)")
        .containsExactly("checkpoint-000000000006.stc", "checkpoint-000000000008.stc", "checkpoint-000000000010.stc");
    assertThat(run.out()).doesNotContain("resuming");
  }

  @Test
  void aTruncatedNewestCheckpointIsReportedAndThePreviousOneGivesTheUninterruptedModel() throws Exception {
    Path job = job();
    Run clean = cli("train", "--config", job.toString());
    assertThat(clean.status()).as(clean.err()).isZero();
    float[] expected = parameters();
    assertThat(checkpointNames()).as("every 2 steps and the epoch ends at 5 and 10")
        .containsExactly("checkpoint-000000000002.stc", "checkpoint-000000000004.stc", "checkpoint-000000000005.stc",
            "checkpoint-000000000006.stc", "checkpoint-000000000008.stc", "checkpoint-000000000010.stc");
    Path newest = checkpoint(10);
    Files.write(newest, Arrays.copyOf(Files.readAllBytes(newest), 300));
    Path previous = checkpoint(8);
    byte[] flipped = Files.readAllBytes(previous);
    flipped[flipped.length - 40] ^= 4;
    Files.write(previous, flipped);
    Files.delete(dir.resolve("out/model.zip"));

    Run resumed = cli("train", "--config", job.toString(), "--resume");

    assertThat(resumed.status()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("warning: skipping checkpoint", "checkpoint-000000000010.stc is truncated",
        "checkpoint-000000000008.stc is corrupt: its SHA-256 checksum does not match");
    assertThat(resumed.out()).contains("checkpoint-000000000006.stc: 6 steps done, epoch 2, step 1 of the epoch");
    assertRelativelyClose(parameters(), expected);
    assertThat(Files.readString(dir.resolve("out/metrics.jsonl")).lines()
        .filter(line -> line.contains("\"type\":\"step\"")).count()).as("the metrics of all 10 steps").isEqualTo(10);
  }

  @Test
  void aConfigThatChangesTheMathIsRefusedNamingTheKeysUnlessForced() throws Exception {
    Path job = job();
    assertThat(cli("train", "--config", job.toString(), "--set", "training.epochs=1").status()).isZero();

    Run refused = cli("train", "--config", job.toString(), "--set", "optimizer.learning-rate=0.01");
    Run forced = cli("train", "--config", job.toString(), "--set", "optimizer.learning-rate=0.01", "--force");

    assertThat(refused.status()).isEqualTo(2);
    assertThat(refused.err()).contains("the config differs from that of checkpoint",
        "in optimizer.learning-rate, training.epochs; these change the parameters", "--force");
    assertThat(forced.status()).as(forced.err()).isZero();
    assertThat(forced.err()).contains("warning: --force: resuming although the config differs in"
        + " optimizer.learning-rate, training.epochs");
    assertThat(forced.out()).contains("resuming from", "5 steps done, epoch 2, step 0 of the epoch");
  }

  @Test
  void keysThatCannotChangeTheResultMayDiffer() throws Exception {
    Path job = job();
    assertThat(cli("train", "--config", job.toString()).status()).isZero();

    Run resumed = cli("train", "--config", job.toString(), "--set", "training.log-every-steps=3",
        "--set", "output.dir=" + dir.resolve("elsewhere"), "--set", "checkpoint.keep-last=2");

    assertThat(resumed.status()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("10 steps done, epoch 3, step 0 of the epoch");
    assertThat(dir.resolve("elsewhere/model.zip")).isNotEmptyFile();
  }

  @Test
  void resumeWithoutACheckpointExits2() throws Exception {
    Run noSection = cli("train", "--config", job().toString(), "--resume", "--set", "checkpoint=null");
    Run emptyDir = cli("train", "--config", job().toString(), "--resume");

    assertThat(noSection.status()).isEqualTo(2);
    assertThat(noSection.err()).contains("--resume needs checkpoint.dir");
    assertThat(emptyDir.status()).isEqualTo(2);
    assertThat(emptyDir.err()).contains("--resume: checkpoint.dir " + dir.resolve("checkpoints")
        + " holds no readable checkpoint");
  }

  /** A run that diverges (exit 4) after resuming leaves every checkpoint it found as it was. */
  @Test
  void aDivergedRunLeavesTheCheckpointsItFoundUntouched() throws Exception {
    Path job = job();
    assertThat(cli("train", "--config", job.toString()).status()).isZero();
    Map<String, byte[]> before = checkpointBytes();
    byte[] model = Files.readAllBytes(dir.resolve("out/model.zip"));

    Run diverged = cli("train", "--config", job.toString(), "--force", "--set", "training.epochs=6",
        "--set", "optimizer.learning-rate=1e30", "--set", "checkpoint.every-steps=1");

    assertThat(diverged.status()).as(diverged.out() + diverged.err()).isEqualTo(4);
    assertThat(diverged.err()).contains("training diverged at step");
    Map<String, byte[]> after = checkpointBytes();
    for (Map.Entry<String, byte[]> entry : before.entrySet()) {
      assertThat(after.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
    }
    assertThat(Files.readAllBytes(dir.resolve("out/model.zip"))).isEqualTo(model);
  }

  private List<String> checkpointNames() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("checkpoints"))) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  private Map<String, byte[]> checkpointBytes() throws Exception {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    for (String name : checkpointNames()) {
      bytes.put(name, Files.readAllBytes(dir.resolve("checkpoints").resolve(name)));
    }
    assertThat(bytes).isNotEmpty();
    return bytes;
  }

  private Path checkpoint(long step) {
    return dir.resolve("checkpoints").resolve(String.format(Locale.ROOT, "checkpoint-%012d.stc", step));
  }

  private float[] parameters() {
    return ModelFiles.read(dir.resolve("out/model.zip")).parameters();
  }

  static void assertRelativelyClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      double allowed = 1e-6 * Math.max(Math.abs(expected[i]), 1e-3);
      assertThat((double) actual[i]).as("parameter %d", i).isBetween(expected[i] - allowed, expected[i] + allowed);
    }
  }
}
