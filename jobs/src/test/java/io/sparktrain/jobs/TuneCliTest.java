package io.sparktrain.jobs;

import static io.sparktrain.jobs.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparktrain.driver.tune.TrialRecord;
import io.sparktrain.driver.tune.TrialStatus;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
    return tuneYamlOn("spark: {master: \"local[2]\", workers: 1}", tune);
  }

  /** The same data and job on {@code spark} (a YAML line), with more job lines before {@code tune:} as given. */
  private Path tuneYamlOn(String spark, String... tune) throws Exception {
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
        spark,
        "data: {train: " + train + ", format: csv, label: 0, classes: 3, validation-fraction: 0.25}",
        "model: {layers: [{type: dense, units: 6}, {type: output}]}",
        "optimizer: {type: sgd, learning-rate: 0.1}",
        "training: {batch-size-per-worker: 8, epochs: 2}",
        "output: {dir: " + dir.resolve("out") + "}"));
    lines.addAll(List.of(tune));
    return Files.write(dir.resolve("tune.yaml"), lines);
  }

  private static final String[] ASHA_SEARCH = {
      "tune:",
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
    for (String plot : List.of("metric-by-trial.png", "learning-curves.png")) {
      java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(out.resolve(plot).toFile());
      assertThat(image).as("%s is a PNG image", plot).isNotNull();
      assertThat(image.getWidth()).isGreaterThan(100);
      assertThat(image.getHeight()).isGreaterThan(100);
    }

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
        "tune:",
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

  @Test
  void trialsOfTwoWorkersRunSideBySideAndTrainAsTrainWithTwoWorkers() throws Exception {
    Path config = tuneYamlOn("spark: {master: \"local[4]\", workers: 2}",
        "schedule: {type: cosine}",
        "tune:",
        "  metric: accuracy",
        "  strategy: random",
        "  trials: 4",
        "  trial-workers: 2",
        "  space:",
        "    optimizer.learning-rate: {choice: [0.02, 0.3]}",
        "    model.layers.0.units: {choice: [4, 8]}",
        "  early-stopping: {type: asha, min-epochs: 1, max-epochs: 4, reduction: 2}");

    Run run = cli("tune", "--config", config.toString());

    assertThat(run.status()).as(run.err()).isZero();
    Path out = dir.resolve("out");
    List<JsonNode> trials = trials(out);
    assertThat(trials).hasSize(4);
    JsonNode first = trials.get(0);
    JsonNode second = trials.get(1);
    assertThat(first.get("start_millis").asLong()).as("trials 0 and 1 trained at the same time")
        .isLessThan(second.get("end_millis").asLong());
    assertThat(second.get("start_millis").asLong()).as("trials 0 and 1 trained at the same time")
        .isLessThan(first.get("end_millis").asLong());
    assertThat(trials).as("ASHA stopped a trial early").anyMatch(t -> t.get("epochs_trained").asInt() < 4);
    int winner = Integer.parseInt(Files.readAllLines(out.resolve("leaderboard.csv")).get(1).split(",")[1]);
    JsonNode best = trials.get(winner);
    assertThat(best.get("status").asText()).isEqualTo("completed");
    assertThat(best.get("epochs_trained").asInt()).isEqualTo(4);
    JsonNode bestYaml = YAML.readTree(out.resolve("best.yaml").toFile());
    assertThat(bestYaml.at("/spark/workers").asInt()).isEqualTo(2);

    Run bestRun = cli("train", "--config", out.resolve("best.yaml").toString(), "--set",
        "output.dir=" + dir.resolve("best-run"));

    assertThat(bestRun.status()).as(bestRun.err()).isZero();
    JsonNode summary = JSON.readTree(dir.resolve("best-run/summary.json").toFile());
    assertThat(summary.get("workers").asInt()).isEqualTo(2);
    assertThat(summary.get("validation_accuracy").asDouble())
        .as("train with spark.workers 2 and the trial's values reaches the trial's score")
        .isCloseTo(best.get("score").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(summary.get("validation_loss").asDouble())
        .as("trained in segments of 1, 1 and 2 epochs under a cosine schedule over 4, as one run of 4")
        .isCloseTo(best.at("/epochs/3/metrics/loss").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
  }

  /** A search without early stopping: on two slots, trials 0 and 1 complete in the first wave, 2 and 3 in the second. */
  private static final String[] PLAIN_SEARCH = {
      "tune:",
      "  metric: accuracy",
      "  strategy: random",
      "  trials: 4",
      "  space:",
      "    optimizer.learning-rate: {log-uniform: [0.01, 0.5]}",
      "    model.layers.0.units: {choice: [4, 8]}"};

  @Test
  void aSearchStoppedAfterAWaveResumesWithoutTrainingItsFinishedTrialsAgain() throws Exception {
    Path config = tuneYaml(PLAIN_SEARCH);
    List<TrialRecord> atStop = new ArrayList<>();

    Run stopped = cli(stopping(trials -> trials.stream().anyMatch(t -> t.status() == TrialStatus.COMPLETED), atStop),
        "tune", "--config", config.toString());

    assertThat(stopped.status()).as(stopped.out()).isEqualTo(1);
    assertThat(stopped.err()).contains("test: the driver stops after this wave");
    List<TrialRecord> finished = atStop.stream().filter(t -> t.status() == TrialStatus.COMPLETED).toList();
    assertThat(finished).extracting(TrialRecord::id).containsExactly(0, 1);
    assertThat(atStop).hasSize(2);

    long resumedAt = System.currentTimeMillis();
    Run resumed = cli("tune", "--config", config.toString(), "--resume");

    assertThat(resumed.status()).as(resumed.err()).isZero();
    Path out = dir.resolve("out");
    List<JsonNode> trials = trials(out);
    assertThat(trials).hasSize(4);
    for (TrialRecord before : finished) {
      JsonNode after = trials.get(before.id());
      assertThat(after.get("start_millis").asLong()).as("trial %d was not trained again", before.id())
          .isEqualTo(before.startMillis());
      assertThat(after.get("end_millis").asLong()).as("trial %d was not trained again", before.id())
          .isEqualTo(before.endMillis());
      assertThat(after.get("end_millis").asLong()).isLessThan(resumedAt);
    }
    for (int id = 2; id < 4; id++) {
      assertThat(trials.get(id).get("start_millis").asLong()).as("trial %d trained after the resume", id)
          .isGreaterThanOrEqualTo(resumedAt);
    }
    assertSameSearch(config, out, 4);
  }

  @Test
  void anAshaSearchStoppedBetweenPromotionsResumesWhereItStopped() throws Exception {
    Path config = tuneYaml(ASHA_SEARCH);
    int[] waves = {0};

    Run stopped = cli(stopping(trials -> ++waves[0] == 2, new ArrayList<>()), "tune", "--config", config.toString());

    assertThat(stopped.status()).as(stopped.out()).isEqualTo(1);
    Path out = dir.resolve("out");
    String journalAtStop = Files.readString(out.resolve("journal.jsonl"));
    assertThat(journalAtStop.lines()).hasSize(2);

    Run resumed = cli("tune", "--config", config.toString(), "--resume");

    assertThat(resumed.status()).as(resumed.err()).isZero();
    String journal = Files.readString(out.resolve("journal.jsonl"));
    assertThat(journal).as("the two journaled waves, with their times, are kept and not trained again")
        .startsWith(journalAtStop);
    assertThat(journal.lines().count()).isGreaterThan(2);
    assertSameSearch(config, out, 6);
  }

  /** A CLI whose tune command throws after the first wave whose trials {@code stopWhen} accepts, keeping them. */
  private static CommandLine.IFactory stopping(java.util.function.Predicate<List<TrialRecord>> stopWhen,
      List<TrialRecord> atStop) {
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type != TuneCommand.class) {
          return CommandLine.defaultFactory().create(type);
        }
        return type.cast(new TuneCommand(trials -> {
          if (stopWhen.test(trials)) {
            atStop.addAll(trials);
            throw new IllegalStateException("test: the driver stops after this wave");
          }
        }));
      }
    };
  }

  /** The search in {@code out} ranks, scores and trains its trials as the same search run without a stop. */
  private void assertSameSearch(Path config, Path out, int trialCount) throws Exception {
    Run whole = cli("tune", "--config", config.toString(), "--set", "output.dir=" + dir.resolve("whole"));
    assertThat(whole.status()).as(whole.err()).isZero();
    assertThat(withoutSeconds(Files.readAllLines(out.resolve("leaderboard.csv"))))
        .as("the resumed search ranks the trials of the uninterrupted one, with the same scores")
        .isEqualTo(withoutSeconds(Files.readAllLines(dir.resolve("whole/leaderboard.csv"))));
    List<JsonNode> resumed = trials(out);
    List<JsonNode> uninterrupted = trials(dir.resolve("whole"));
    assertThat(resumed).hasSize(trialCount);
    assertThat(uninterrupted).hasSize(trialCount);
    for (int i = 0; i < trialCount; i++) {
      assertThat(resumed.get(i).get("values")).as("values of trial %d", i).isEqualTo(uninterrupted.get(i).get("values"));
      assertThat(resumed.get(i).get("epochs")).as("metrics of trial %d", i)
          .isEqualTo(uninterrupted.get(i).get("epochs"));
      assertThat(resumed.get(i).get("status")).as("status of trial %d", i)
          .isEqualTo(uninterrupted.get(i).get("status"));
    }
    JsonNode best = YAML.readTree(out.resolve("best.yaml").toFile());
    JsonNode wholeBest = YAML.readTree(dir.resolve("whole/best.yaml").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) best).remove("output");
    ((com.fasterxml.jackson.databind.node.ObjectNode) wholeBest).remove("output");
    assertThat(best).as("best.yaml, but for output.dir").isEqualTo(wholeBest);
  }

  /** Leaderboard rows without their seconds column, which differs between runs. */
  private static List<String> withoutSeconds(List<String> rows) {
    List<String> kept = new ArrayList<>();
    for (String row : rows) {
      List<String> cells = new ArrayList<>(List.of(row.split(",", -1)));
      cells.remove(5);
      kept.add(String.join(",", cells));
    }
    return kept;
  }

  /** The fold count minus one: the sample standard deviation of MetricStats. */
  private static final double STD_DIVISOR = 2;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "optimizer.lerning-rate: {choice: [0.1]}|tune.space.optimizer.lerning-rate",
      "optimizer.learning-rate: {choice: []}|tune.space.optimizer.learning-rate",
      "optimizer.learning-rate: {uniform: [0.5, 0.1]}|tune.space.optimizer.learning-rate",
      "regularization.l2: {log-uniform: [0.0, 0.1]}|tune.space.regularization.l2"})
  void aBadSearchSpaceExits2NamingTheKeyBeforeAnyTrial(String dimension, String key) throws Exception {
    Path config = tuneYaml("tune:", "  metric: accuracy", "  trials: 2", "  space:", "    " + dimension);

    Run run = cli("tune", "--config", config.toString());

    assertThat(run.status()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(key);
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
