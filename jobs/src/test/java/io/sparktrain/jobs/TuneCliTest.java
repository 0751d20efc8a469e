package io.sparktrain.jobs;

import static io.sparktrain.jobs.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparktrain.jobs.CliTest.Run;
import io.sparktrain.jobs.config.JobConfig;
import io.sparktrain.jobs.config.JobConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparktrain tune} end to end on {@code local[2]} with one worker per trial: trials run at the
 * same time, ASHA stops weak ones, the summary files agree with each other, best.yaml runs, the same
 * seed gives the same trials, cross-validation reports fold means and deviations, and {@code --resume}
 * of a finished search trains nothing again.
 */
class TuneCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir
  Path dir;

  /** 150 rows of 3 separable classes; a quarter held out for validation. */
  private Path tuneYaml(String... tune) throws Exception {
    Random random = new Random(5);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      int label = i % 3;
      rows.add(String.format(Locale.ROOT, "%d,%.4f,%.4f,%.4f", label, label + random.nextGaussian() * 0.4,
          random.nextGaussian(), -label + random.nextGaussian() * 0.4));
    }
    Path train = Files.write(dir.resolve("train.csv"), rows);
    List<String> lines = new ArrayList<>(List.of(
        "name: tuned",
        "seed: 3",
        "spark: {master: \"local[2]\", workers: 1}",
        "data: {train: " + train + ", format: csv, label: 0, classes: 3, validation-fraction: 0.25}",
        "model: {layers: [{type: dense, units: 6}, {type: output}]}",
        "optimizer: {type: sgd, learning-rate: 0.1}",
        "training: {batch-size-per-worker: 8, epochs: 2}",
        "output: {dir: " + dir.resolve("out") + "}",
        "tune:"));
    lines.addAll(List.of(tune));
    return Files.write(dir.resolve("tune.yaml"), lines);
  }

  private static final String[] ASHA_SEARCH = {
      "  metric: accuracy",
      "  strategy: random",
      "  trials: 6",
      "  space:",
      "    optimizer.learning-rate: {choice: [1.0e-7, 0.3]}",
      "    model.layers.0.units: {choice: [4, 8]}",
      "  early-stopping: {type: asha, min-epochs: 1, max-epochs: 4, reduction: 2}"};

  private List<JsonNode> trials(Path out) throws Exception {
    List<JsonNode> trials = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("trials.jsonl"))) {
      trials.add(JSON.readTree(line));
    }
    return trials;
  }

  @Test
  void concurrentTrialsAshaStopsWeakOnesAndTheSummaryFilesAgree() throws Exception {
    Path config = tuneYaml(ASHA_SEARCH);

    Run run = cli("tune", "--config", config.toString());

    assertThat(run.status()).as(run.err()).isZero();
    Path out = dir.resolve("out");
    List<JsonNode> trials = trials(out);
    assertThat(trials).hasSize(6);
    assertThat(trials).as("ASHA stopped a trial before max-epochs")
        .anyMatch(t -> t.get("status").asText().equals("stopped") && t.get("epochs_trained").asInt() < 4);
    assertThat(trials).as("a trial trained all 4 epochs")
        .anyMatch(t -> t.get("status").asText().equals("completed") && t.get("epochs_trained").asInt() == 4);
    boolean overlapping = false;
    for (JsonNode a : trials) {
      for (JsonNode b : trials) {
        overlapping |= a.get("id").asInt() < b.get("id").asInt()
            && a.get("start_millis").asLong() < b.get("end_millis").asLong()
            && b.get("start_millis").asLong() < a.get("end_millis").asLong();
      }
    }
    assertThat(overlapping).as("two trials trained at the same time").isTrue();

    List<String> leaderboard = Files.readAllLines(out.resolve("leaderboard.csv"));
    assertThat(leaderboard.get(0)).startsWith("rank,trial,accuracy,status,epochs,seconds");
    assertThat(leaderboard).hasSize(7);
    int winner = Integer.parseInt(leaderboard.get(1).split(",")[1]);
    JsonNode best = trials.stream().filter(t -> t.get("id").asInt() == winner).findFirst().orElseThrow();
    for (JsonNode t : trials) {
      if (t.get("status").asText().equals("completed")) {
        assertThat(best.get("score").asDouble()).isGreaterThanOrEqualTo(t.get("score").asDouble());
      }
    }
    JsonNode bestYaml = YAML.readTree(out.resolve("best.yaml").toFile());
    assertThat(bestYaml.has("tune")).isFalse();
    assertThat(bestYaml.at("/optimizer/learning-rate").asDouble())
        .isEqualTo(best.at("/values/optimizer.learning-rate").asDouble());
    assertThat(bestYaml.at("/model/layers/0/units").asInt()).isEqualTo(best.at("/values/model.layers.0.units").asInt());
    assertThat(bestYaml.at("/training/epochs").asInt()).isEqualTo(best.get("epochs_trained").asInt());
    JobConfig readBack = JobConfigReader.read(out.resolve("best.yaml"), List.of());
    assertThat(readBack.training().epochs()).isEqualTo(4);
    assertThat(Files.size(out.resolve("metric-by-trial.png"))).isPositive();
    assertThat(Files.size(out.resolve("learning-curves.png"))).isPositive();

    Run bestRun = cli("train", "--config", out.resolve("best.yaml").toString(), "--set",
        "output.dir=" + dir.resolve("best-run"));
    assertThat(bestRun.status()).as(bestRun.err()).isZero();
    JsonNode summary = JSON.readTree(dir.resolve("best-run/summary.json").toFile());
    assertThat(summary.get("validation_accuracy").asDouble()).as("train with best.yaml reproduces the trial")
        .isCloseTo(best.get("score").asDouble(), org.assertj.core.data.Offset.offset(1e-9));

    Run again = cli("tune", "--config", config.toString(), "--set", "output.dir=" + dir.resolve("again"));
    assertThat(again.status()).as(again.err()).isZero();
    List<JsonNode> repeated = trials(dir.resolve("again"));
    for (int i = 0; i < trials.size(); i++) {
      assertThat(repeated.get(i).get("values")).as("same seed, same trial %d", i).isEqualTo(trials.get(i).get("values"));
      assertThat(repeated.get(i).get("epochs")).as("same seed, same metrics of trial %d", i)
          .isEqualTo(trials.get(i).get("epochs"));
    }

    String before = Files.readString(out.resolve("trials.jsonl"));
    Run resumed = cli("tune", "--config", config.toString(), "--resume");
    assertThat(resumed.status()).as(resumed.err()).isZero();
    assertThat(Files.readString(out.resolve("trials.jsonl"))).as("a resumed finished search trains nothing again")
        .isEqualTo(before);
    Run refused = cli("tune", "--config", config.toString());
    assertThat(refused.status()).isEqualTo(2);
    assertThat(refused.err()).contains("--resume");
  }

  @Test
  void crossValidationReportsTheMeanAndStandardDeviationOfTheFolds() throws Exception {
    Path config = tuneYaml(
        "  metric: loss",
        "  strategy: grid",
        "  trials: 2",
        "  space:",
        "    optimizer.learning-rate: {choice: [0.05, 0.2]}",
        "  folds: 3");

    Run run = cli("tune", "--config", config.toString());

    assertThat(run.status()).as(run.err()).isZero();
    List<JsonNode> trials = trials(dir.resolve("out"));
    assertThat(trials).hasSize(2);
    for (JsonNode trial : trials) {
      assertThat(trial.get("epochs")).hasSize(2);
      for (JsonNode epoch : trial.get("epochs")) {
        JsonNode folds = epoch.get("folds");
        assertThat(folds).hasSize(3);
        for (String metric : List.of("loss", "accuracy", "f1_macro")) {
          double[] values = new double[3];
          for (int f = 0; f < 3; f++) {
            values[f] = folds.get(f).get(metric).asDouble();
          }
          double mean = (values[0] + values[1] + values[2]) / 3;
          double squares = 0;
          for (double v : values) {
            squares += (v - mean) * (v - mean);
          }
          JsonNode stats = epoch.at("/metrics/" + metric);
          assertThat(stats.get("mean").asDouble()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-12));
          assertThat(stats.get("std").asDouble()).isCloseTo(Math.sqrt(squares / STD_DIVISOR),
              org.assertj.core.data.Offset.offset(1e-12));
        }
      }
      JsonNode last = trial.get("epochs").get(1);
      assertThat(trial.get("score").asDouble()).isEqualTo(last.at("/metrics/loss/mean").asDouble());
    }
  }

  /** The fold count minus one: the sample standard deviation of MetricStats. */
  private static final double STD_DIVISOR = 2;
}
