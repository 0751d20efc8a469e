package io.sparktrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI end to end, in-process: exit codes, messages, and the files a run leaves behind. */
class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  record Run(int status, String out, String err) {}

  static Run cli(String... args) {
    return cli(CommandLine.defaultFactory(), args);
  }

  /** Runs the CLI in this JVM with commands made by {@code commands}, capturing what it prints. */
  static Run cli(CommandLine.IFactory commands, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    PrintStream previousErr = System.err;
    try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(outStream);
      System.setErr(errStream);
      int status = SparkTrainCli.run(outStream, errStream, commands, args);
      return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(previous);
      System.setErr(previousErr);
    }
  }

  private Path csvJob(String trainFile, String... extra) throws Exception {
    List<String> lines = new ArrayList<>(List.of(
        "name: csv-job",
        "spark: {master: \"local[2]\", workers: 2}",
        "data: {train: " + trainFile + ", format: csv, label: 0, classes: 3}",
        "model:",
        "  layers:",
        "    - {type: dense, units: 8}",
        "    - {type: output}",
        "optimizer: {type: sgd, learning-rate: 0.1}",
        "training: {batch-size-per-worker: 4, epochs: 2}",
        "output: {dir: " + dir.resolve("out") + "}"));
    lines.addAll(List.of(extra));
    return Files.write(dir.resolve("job.yaml"), lines);
  }

  private Path csv(String... rows) throws Exception {
    return Files.write(dir.resolve("train.csv"), List.of(rows));
  }

  @Test
  void helpListsTheCommands() {
    Run run = cli("--help");

    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("train", "evaluate");
  }

  @Test
  void aBadConfigKeyExits2NamingTheKeyAndWritesNothing() throws Exception {
    Path job = csvJob(csv("0,1,2", "1,3,4").toString(), "traning: {epochs: 3}");

    Run run = cli("train", "--config", job.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("unknown key traning");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aBadOverrideValueExits2() throws Exception {
    Path job = csvJob(csv("0,1,2").toString());

    Run run = cli("train", "--config", job.toString(), "--set", "optimizer.learning-rate=-1");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("optimizer.learning-rate must be > 0, got -1.0");
  }

  @Test
  void anUnknownOptionExits2() {
    assertThat(cli("train", "--config", "x.yaml", "--frobnicate").status()).isEqualTo(2);
    assertThat(cli("launch").status()).isEqualTo(2);
  }

  @Test
  void aMissingDataFileExits3NamingItAndWritesNothing() throws Exception {
    Path job = csvJob(dir.resolve("absent.csv").toString());

    Run run = cli("train", "--config", job.toString());

    assertThat(run.status()).isEqualTo(3);
    assertThat(run.err()).contains("absent.csv").contains("no such file");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aRowWithTheWrongNumberOfColumnsExits3NamingFileAndRow() throws Exception {
    Path train = csv("0,1,2", "1,3,4", "2,5", "0,6,7");

    Run run = cli("train", "--config", csvJob(train.toString()).toString());

    assertThat(run.status()).isEqualTo(3);
    assertThat(run.err()).contains("train.csv: row 3").contains("has 2 columns, expected 3");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aNonNumericCellExits3NamingFileRowAndColumn() throws Exception {
    Path train = csv("0,1,2", "1,3,4", "2,5,six");

    Run run = cli("train", "--config", csvJob(train.toString()).toString());

    assertThat(run.status()).isEqualTo(3);
    assertThat(run.err()).contains("train.csv: row 3, column 3: 'six' is not a number");
  }

  @Test
  void aLabelOutsideTheClassesExits3NamingFileAndRow() throws Exception {
    Path train = csv("0,1,2", "1,3,4", "2,5,6", "3,7,8");

    Run run = cli("train", "--config", csvJob(train.toString()).toString());

    assertThat(run.status()).isEqualTo(3);
    assertThat(run.err()).contains("train.csv: row 4, column 1: label 3.0 is not a class index in [0, 3)");
  }

  @Test
  void brokenDataFilesExit3WithAMessageNamingTheFileAndNoStackTrace() throws Exception {
    Files.createDirectories(dir.resolve("mixed"));
    Files.write(dir.resolve("mixed/a.csv"), List.of("0,1,2", "1,3,4"));
    Files.write(dir.resolve("mixed/b.csv"), List.of("0,1,2,3"));
    byte[] gz = gzip(String.join("\n", java.util.Collections.nCopies(500, "1,2,3")).getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve("cut.csv.gz"), java.util.Arrays.copyOf(gz, gz.length - 9));
    Files.write(dir.resolve("priced.csv"), List.of("a,cost,b", "0,1,2"));
    List<List<String>> cases = List.of(
        List.of(Files.write(dir.resolve("nan.csv"), List.of("0,1,2", "1,NaN,4")).toString(),
            "nan.csv: row 2, column 2: value NaN is not a finite float"),
        List.of(Files.write(dir.resolve("empty.csv"), new byte[0]).toString(), "empty.csv: no data rows (the file is empty)"),
        List.of(dir.resolve("none-*.csv").toString(), "none-*.csv: no such file or directory"),
        List.of(dir.resolve("mixed").toString(), "b.csv: rows have 3 features but"),
        List.of(dir.resolve("cut.csv.gz").toString(), "cut.csv.gz: ends unexpectedly (truncated or cut-off compressed file?)"),
        List.of(dir.resolve("priced.csv").toString(), "priced.csv: label column 'price' is not in the header [a, cost, b]"));
    for (List<String> broken : cases) {
      Path job = csvJob(broken.get(0));
      List<String> header = broken.get(0).endsWith("priced.csv")
          ? List.of("--set", "data.header=true", "--set", "data.label=price") : List.of();
      List<String> args = new ArrayList<>(List.of("train", "--config", job.toString()));
      args.addAll(header);

      Run run = cli(args.toArray(String[]::new));

      assertThat(run.status()).as(run.err()).isEqualTo(3);
      assertThat(run.err()).contains("sparktrain: bad input: ").contains(broken.get(1)).doesNotContain("at io.sparktrain.jobs.");
      assertThat(dir.resolve("out")).doesNotExist();
    }
  }

  @Test
  void skippingBadRowsTrainsLikeTheFileWithoutThemAndReportsTheCounts() throws Exception {
    List<String> clean = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      clean.add(i % 3 + "," + (i % 5 - 2) + "," + (i % 7 * 0.5));
    }
    List<String> dirty = new ArrayList<>(clean);
    dirty.add(3, "1,NaN,2");
    dirty.add(10, "1,2");
    dirty.add(17, "5,1,1");
    Path cleanFile = Files.write(dir.resolve("clean.csv"), clean);
    Path dirtyFile = Files.write(dir.resolve("dirty.csv"), dirty);

    Run skipped = cli("train", "--config", csvJob(dirtyFile.toString()).toString(), "--set", "data.on-bad-row=skip",
        "--set", "data.max-bad-fraction=0.2", "--set", "output.dir=" + dir.resolve("skipped"));
    Run deleted = cli("train", "--config", csvJob(cleanFile.toString()).toString(),
        "--set", "output.dir=" + dir.resolve("deleted"));

    assertThat(skipped.status()).as(skipped.err()).isZero();
    assertThat(deleted.status()).as(deleted.err()).isZero();
    assertThat(skipped.out()).contains("skipped 3 bad training rows of " + dirtyFile
        + " (data.on-bad-row: skip): non-finite-feature 1, label-out-of-range 1, wrong-width 1");
    JsonNode summary = JSON.readTree(dir.resolve("skipped/summary.json").toFile());
    assertThat(summary.get("skipped_rows").toString())
        .isEqualTo("{\"non-finite-feature\":1,\"label-out-of-range\":1,\"wrong-width\":1}");
    assertThat(summary.get("train_examples").asLong()).isEqualTo(24);
    assertThat(JSON.readTree(dir.resolve("deleted/summary.json").toFile()).get("skipped_rows").size()).isZero();
    assertThat(io.sparktrain.jobs.output.ModelFiles.read(dir.resolve("skipped/model.zip")).parameters())
        .containsExactly(io.sparktrain.jobs.output.ModelFiles.read(dir.resolve("deleted/model.zip")).parameters());
  }

  @Test
  void moreBadRowsThanAllowedExits3NamingTheFractionTheLimitAndTheTopReason() throws Exception {
    Path train = csv("0,1,2", "1,x,4", "2,5,6", "0,y,8", "1,9,10", "2,11,12");

    Run run = cli("train", "--config", csvJob(train.toString()).toString(), "--set", "data.on-bad-row=skip",
        "--set", "data.max-bad-fraction=0.25");

    assertThat(run.status()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).contains("train.csv: 2 of 6 rows are bad (fraction 0.3333), above data.max-bad-fraction 0.25;"
        + " most common: unparsable-number (2 rows, first: file:" + train + ": row 2, column 2: 'x' is not a number)");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void divergenceExits4NamingTheStepAndTheRateAndWritesNothing() throws Exception {
    Path train = csv("0,1,2", "1,30,40", "2,-50,60", "0,70,-80", "1,9,10", "2,11,-12", "0,13,14", "1,15,16");

    Run run = cli("train", "--config", csvJob(train.toString()).toString(), "--set", "optimizer.learning-rate=1e30");

    assertThat(run.status()).as(run.err()).isEqualTo(4);
    assertThat(run.err()).contains("diverged").contains("training diverged at step").contains("at learning rate 1.0E30");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aFailedRunLeavesAnEarlierRunsOutputUntouched() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("model.zip"), "the good model");
    Path train = csv("0,1,2", "7,3,4");

    Run run = cli("train", "--config", csvJob(train.toString()).toString());

    assertThat(run.status()).isEqualTo(3);
    assertThat(out.resolve("model.zip")).hasContent("the good model");
    assertThat(out.resolve("summary.json")).doesNotExist();
  }

  @Test
  void trainsOnRealFashionMnistThenEvaluatesTheSavedModel() throws Exception {
    String train = FashionMnistSubset.write("train", 6000, dir);
    String test = FashionMnistSubset.write("t10k", 2000, dir);
    Path out = dir.resolve("fashion");
    Path job = job("fashion", out,
        "name: fashion-subset",
        "data: {train: " + train + ", test: " + test + ", format: idx, classes: 10, normalize: scale}",
        "model: {init: he, layers: [{type: dense, units: 64, activation: relu}, {type: output}]}",
        "optimizer: {type: adam, learning-rate: 0.002}",
        "training: {batch-size-per-worker: 32, epochs: 3}");

    Run run = cli("train", "--config", job.toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("epoch 3/3 done");
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("accuracy").asDouble()).isGreaterThan(0.78);
    assertThat(summary.get("test_examples").asLong()).isEqualTo(2000);
    assertThat(summary.get("steps").asLong()).isEqualTo(3 * 94);
    assertThat(summary.get("confusion_matrix")).hasSize(10);
    assertThat(summary.get("f1_macro").asDouble()).isBetween(0.5, 1.0);
    double accuracy = summary.get("accuracy").asDouble();
    assertThat(summary.get("f1_micro").asDouble()).isCloseTo(accuracy, within(1e-12));
    assertThat(summary.get("top_1_accuracy").asDouble()).isEqualTo(accuracy);
    assertThat(summary.get("top_5_accuracy").asDouble()).isGreaterThan(accuracy).isLessThanOrEqualTo(1.0);
    assertThat(summary.has("roc_auc")).as("AUC is for two classes only").isFalse();
    JsonNode perClass = summary.get("per_class");
    assertThat(perClass).hasSize(10);
    assertThat(perClass.get(3).get("class").asInt()).isEqualTo(3);
    assertThat(perClass.get(3).get("support").asLong()).isEqualTo(rowSum(summary.get("confusion_matrix").get(3)));
    assertThat(perClass.findValues("support").stream().mapToLong(JsonNode::asLong).sum()).isEqualTo(2000);
    assertThat(perClass.findValues("f1").stream().mapToDouble(JsonNode::asDouble).average().orElseThrow())
        .isCloseTo(summary.get("f1_macro").asDouble(), within(1e-12));
    List<Double> epochLosses = Files.readAllLines(out.resolve("metrics.jsonl")).stream()
        .map(CliTest::json).filter(line -> line.get("type").asText().equals("epoch"))
        .map(line -> line.get("train_loss").asDouble()).toList();
    assertThat(epochLosses).hasSize(3);
    assertThat(epochLosses.get(2)).isLessThan(epochLosses.get(1)).isLessThan(epochLosses.get(0));
    assertThat(summary.get("train_loss").asDouble()).isLessThan(epochLosses.get(0));

    Run evaluation = cli("evaluate", "--config", job.toString(), "--model", out.resolve("model.zip").toString());

    assertThat(evaluation.status()).as(evaluation.err()).isZero();
    JsonNode metrics = JSON.readTree(evaluation.out().substring(evaluation.out().indexOf('{')));
    assertThat(metrics.get("accuracy").asDouble()).isEqualTo(summary.get("accuracy").asDouble());
    assertThat(metrics.get("examples").asLong()).isEqualTo(2000);
    assertThat(metrics.get("top_5_accuracy").asDouble()).isEqualTo(summary.get("top_5_accuracy").asDouble());
    assertThat(metrics.get("per_class")).isEqualTo(summary.get("per_class"));
  }

  @Test
  void paramAveragingTrainsOnRealFashionMnist() throws Exception {
    String train = FashionMnistSubset.write("train", 6000, dir);
    String test = FashionMnistSubset.write("t10k", 2000, dir);
    Path out = dir.resolve("local-sgd");
    Path job = job("local-sgd", out,
        "data: {train: " + train + ", test: " + test + ", format: idx, classes: 10, normalize: scale}",
        "model: {init: he, layers: [{type: dense, units: 64, activation: relu}, {type: output}]}",
        "optimizer: {type: adam, learning-rate: 0.002}",
        "training: {mode: param-averaging, averaging-frequency: 4, batch-size-per-worker: 32, epochs: 3}");

    Run run = cli("train", "--config", job.toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("epoch 3/3 done");
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("training_mode").asText()).isEqualTo("param-averaging");
    assertThat(summary.get("averaging_frequency").asInt()).isEqualTo(4);
    assertThat(summary.get("average_updater_state").asBoolean()).isTrue();
    assertThat(summary.get("steps").asLong()).isEqualTo(3 * 94);
    assertThat(summary.get("accuracy").asDouble()).isGreaterThan(0.78);
    List<JsonNode> lines = Files.readAllLines(out.resolve("metrics.jsonl")).stream().map(CliTest::json).toList();
    List<JsonNode> steps = lines.stream().filter(line -> line.get("type").asText().equals("step")).toList();
    assertThat(steps).extracting(line -> line.get("step").asLong())
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 3 * 94).boxed().toList());
    assertThat(steps).extracting(line -> line.get("examples").asLong()).containsOnly(64L, 6000L - 93 * 64);
    assertThat(steps).allSatisfy(line -> assertThat(line.get("learning_rate").asDouble()).isEqualTo(0.002));
    List<Double> epochLosses = lines.stream().filter(line -> line.get("type").asText().equals("epoch"))
        .map(line -> line.get("train_loss").asDouble()).toList();
    assertThat(epochLosses).hasSize(3);
    assertThat(epochLosses.get(2)).isLessThan(epochLosses.get(1)).isLessThan(epochLosses.get(0));
  }

  @Test
  void shardedPsTrainsOnRealFashionMnistAndLogsItsTraffic() throws Exception {
    String train = FashionMnistSubset.write("train", 6000, dir);
    String test = FashionMnistSubset.write("t10k", 2000, dir);
    Path out = dir.resolve("sharded");
    Path job = job("sharded", out,
        "data: {train: " + train + ", test: " + test + ", format: idx, classes: 10, normalize: scale}",
        "model: {init: he, layers: [{type: dense, units: 64, activation: relu}, {type: output}]}",
        "optimizer: {type: nesterov, learning-rate: 0.05}",
        "training: {transport: sharded-ps, batch-size-per-worker: 32, epochs: 3}");

    Run run = cli("train", "--config", job.toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("epoch 3/3 done");
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("training_transport").asText()).isEqualTo("sharded-ps");
    assertThat(summary.get("steps").asLong()).isEqualTo(3 * 94);
    assertThat(summary.get("accuracy").asDouble()).isGreaterThan(0.78);
    List<JsonNode> lines = Files.readAllLines(out.resolve("metrics.jsonl")).stream().map(CliTest::json).toList();
    assertThat(lines.stream().filter(line -> line.get("type").asText().equals("step")))
        .extracting(line -> line.get("step").asLong())
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 3 * 94).boxed().toList());
    List<JsonNode> traffic = lines.stream().filter(line -> line.get("type").asText().equals("traffic")).toList();
    assertThat(traffic).hasSize(3);
    // 784*64+64 + 64*10+10 = 50,890 parameters pushed dense, plus 93 bytes of headers per shard.
    assertThat(traffic).allSatisfy(line -> assertThat(line.get("bytes_sent_per_worker_per_step").asDouble())
        .isEqualTo(4.0 * 50_890 + 2 * 93));
    List<Double> epochLosses = lines.stream().filter(line -> line.get("type").asText().equals("epoch"))
        .map(line -> line.get("train_loss").asDouble()).toList();
    assertThat(epochLosses.get(2)).isLessThan(epochLosses.get(0));

    // The same job pushing the top 5% of each slice's entries (8 bytes each): 10x fewer bytes, about
    // the same accuracy (error feedback sends the rest later). Nesterov momentum, as in Deep Gradient
    // Compression: Adam divides each late, accumulated push by its own running scale, and loses more.
    Path compressedOut = dir.resolve("sharded-top-k");
    Run compressed = cli("train", "--config", job.toString(), "--set", "output.dir=" + compressedOut,
        "--set", "training.compression={type: top-k, fraction: 0.05}");

    assertThat(compressed.status()).as(compressed.err()).isZero();
    JsonNode squeezed = JSON.readTree(compressedOut.resolve("summary.json").toFile());
    assertThat(squeezed.get("accuracy").asDouble()).as("top-k 5%% against dense")
        .isCloseTo(summary.get("accuracy").asDouble(), within(0.01));
    double dense = traffic.get(0).get("bytes_sent_per_worker_per_step").asDouble();
    List<JsonNode> squeezedTraffic = Files.readAllLines(compressedOut.resolve("metrics.jsonl")).stream()
        .map(CliTest::json).filter(line -> line.get("type").asText().equals("traffic")).toList();
    assertThat(squeezedTraffic).hasSize(3).allSatisfy(line -> assertThat(
        dense / line.get("bytes_sent_per_worker_per_step").asDouble()).isCloseTo(10.0, withinPercentage(10)));
  }

  @Test
  void paramAveragingDivergenceExits4NamingTheStepAndWritesNothing() throws Exception {
    Path train = csv("0,1,2", "1,30,40", "2,-50,60", "0,70,-80", "1,9,10", "2,11,-12", "0,13,14", "1,15,16");

    Run run = cli("train", "--config", csvJob(train.toString()).toString(), "--set", "optimizer.learning-rate=1e30",
        "--set", "training.mode=param-averaging", "--set", "training.averaging-frequency=2");

    assertThat(run.status()).as(run.err()).isEqualTo(4);
    assertThat(run.err()).contains("training diverged at step").contains("at learning rate 1.0E30");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void anAveragingKeyWithoutParamAveragingExits2NamingTheKey() throws Exception {
    Path job = csvJob(csv("0,1,2", "1,3,4").toString());

    Run run = cli("train", "--config", job.toString(), "--set", "training.averaging-frequency=3");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("training.averaging-frequency applies only to training.mode param-averaging");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void binaryClassificationReportsRocAucAndTheConfiguredTopK() throws Exception {
    java.util.Random random = new java.util.Random(17);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double x1 = random.nextGaussian();
      double x2 = random.nextGaussian();
      int label = x1 - 0.5 * x2 + 0.7 * random.nextGaussian() > 0 ? 1 : 0;
      rows.add(label + "," + x1 + "," + x2);
    }
    Path train = Files.write(dir.resolve("binary-train.csv"), rows.subList(0, 300));
    Path test = Files.write(dir.resolve("binary-test.csv"), rows.subList(300, 400));
    Path out = dir.resolve("binary");
    Path job = job("binary", out,
        "data: {train: " + train + ", test: " + test + ", format: csv, label: 0, classes: 2}",
        "model: {layers: [{type: dense, units: 8, activation: tanh}, {type: output}]}",
        "optimizer: {type: adam, learning-rate: 0.05}",
        "training: {batch-size-per-worker: 16, epochs: 5, log-every-steps: 1000}");

    Run run = cli("train", "--config", job.toString(), "--set", "evaluation.top-k=[1]");

    assertThat(run.status()).as(run.err()).isZero();
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("roc_auc").asDouble()).isBetween(0.8, 1.0);
    assertThat(summary.get("top_1_accuracy").asDouble()).isEqualTo(summary.get("accuracy").asDouble());
    assertThat(summary.get("precision_micro").asDouble()).isCloseTo(summary.get("accuracy").asDouble(), within(1e-12));
    JsonNode perClass = summary.get("per_class");
    assertThat(perClass).hasSize(2);
    assertThat(perClass.get(0).get("support").asLong() + perClass.get(1).get("support").asLong()).isEqualTo(100);
    assertThat(perClass.get(1).get("precision").asDouble()).isBetween(0.5, 1.0);
    List<JsonNode> epochs = Files.readAllLines(out.resolve("metrics.jsonl")).stream().map(CliTest::json)
        .filter(line -> line.get("type").asText().equals("epoch")).toList();
    assertThat(epochs).hasSize(5);
    assertThat(epochs.get(4).get("test_roc_auc").asDouble()).isEqualTo(summary.get("roc_auc").asDouble());
    assertThat(epochs.get(4).has("test_per_class")).as("per-epoch lines hold scalars only").isFalse();
  }

  @Test
  void metricsLogTheRateAppliedAtEveryStepUnderWarmupEpochDecayAndLinearScaling() throws Exception {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      rows.add(i % 3 + "," + (i % 5) * 0.1 + "," + (i % 7) * 0.1);
    }
    Path out = dir.resolve("out");
    Path job = csvJob(Files.write(dir.resolve("train.csv"), rows).toString(), "schedule: {type: step, "
        + "decay-rate: 0.5, decay-every: 1, decay-unit: epoch, warmup-steps: 2, warmup-start-factor: 0.5}");

    // Global batch 8 on 2 workers: 4 per worker, 3 steps per epoch; the base rate 0.1 scales to 0.2.
    Run run = cli("train", "--config", job.toString(), "--set",
        "training={global-batch-size: 8, epochs: 2, lr-scaling: linear}");

    assertThat(run.status()).as(run.err()).isZero();
    List<JsonNode> steps = Files.readAllLines(out.resolve("metrics.jsonl")).stream().map(CliTest::json)
        .filter(line -> line.get("type").asText().equals("step")).toList();
    assertThat(steps).extracting(line -> line.get("examples").asLong()).containsOnly(8L);
    assertThat(steps).extracting(line -> line.get("learning_rate").asDouble()).containsExactly(
        0.2 * (0.5 + 0.5 / 2), 0.2, 0.2, 0.1, 0.1, 0.1);
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("batch_size_per_worker").asInt()).isEqualTo(4);
    assertThat(summary.get("global_batch_size").asInt()).isEqualTo(8);
  }

  @Test
  void aWarmupLongerThanTheRunExits2NamingTheKeyAndTheRunLength() throws Exception {
    Path job = csvJob(csv("0,1,2", "1,3,4", "2,5,6", "0,7,8").toString(), "schedule: {type: cosine, warmup-steps: 2}");

    Run run = cli("train", "--config", job.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("schedule.warmup-steps must be less than the run's 2 steps");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void trainsADl4jJsonModelAndSavesItWithItsLayerNames() throws Exception {
    java.util.Random random = new java.util.Random(5);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      int label = i % 3;
      rows.add(label + "," + (label * 2 + 0.5 * random.nextGaussian()) + "," + (label - 1 + 0.5 * random.nextGaussian()));
    }
    Path data = Files.write(dir.resolve("classes.csv"), rows);
    String text = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
        .updater(new org.nd4j.linalg.learning.config.Sgd(100)).list()
        .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().name("features").nOut(16)
            .activation(org.nd4j.linalg.activations.Activation.TANH).dropOut(0.9).build())
        .layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().name("norm").build())
        .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
            org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).name("head").nOut(3)
            .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
        .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(2))
        .build().toJson();
    Path conf = Files.writeString(dir.resolve("network.json"), text);
    Path out = dir.resolve("json-model");
    Path job = job("json-model", out,
        "data: {train: " + data + ", test: " + data + ", format: csv, label: 0, classes: 3}",
        "model: {dl4j-config: " + conf + ", freeze-up-to: features}",
        "optimizer: {type: adam, learning-rate: 0.02}",
        "training: {batch-size-per-worker: 16, epochs: 3, log-every-steps: 1000}");

    Run run = cli("train", "--config", job.toString());
    Run broken = cli("train", "--config", job.toString(), "--set", "model.dl4j-config=" + data);

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(JSON.readTree(out.resolve("summary.json").toFile()).get("accuracy").asDouble()).isGreaterThan(0.8);
    var saved = io.sparktrain.jobs.output.ModelFiles.read(out.resolve("model.zip"));
    assertThat(saved.hiddenLayerNames()).containsExactly("features", "norm");
    float[] initial = io.sparktrain.kernels.model.NetworkFactory.initialParameters(
        io.sparktrain.kernels.config.ModelSpec.of(new io.sparktrain.kernels.config.Dl4jNetworkConfig(conf.toString(),
            text)), io.sparktrain.kernels.model.NetworkShape.classifier(2, 3), 42);
    float[] trained = saved.parameters();
    assertThat(java.util.Arrays.copyOf(trained, 2 * 16 + 16)).as("frozen up to 'features', from the job seed")
        .containsExactly(java.util.Arrays.copyOf(initial, 2 * 16 + 16));
    assertThat(trained).isNotEqualTo(initial);
    assertThat(broken.status()).isEqualTo(2);
    assertThat(broken.err()).contains("model.dl4j-config " + data + " is not a DL4J MultiLayerConfiguration JSON");
  }

  @Test
  void regressionReportsMseMaeAndR2() throws Exception {
    java.util.Random random = new java.util.Random(3);
    List<String> rows = new ArrayList<>(List.of("x1,x2,target"));
    for (int i = 0; i < 400; i++) {
      double x1 = random.nextGaussian();
      double x2 = random.nextGaussian();
      rows.add(x1 + "," + x2 + "," + (2 * x1 - x2 + 0.05 * random.nextGaussian()));
    }
    Path data = Files.write(dir.resolve("regression.csv"), rows);
    Path out = dir.resolve("regression");
    Path job = job("regression", out,
        "data: {train: " + data + ", test: " + data + ", format: csv, header: true, label: target}",
        "model: {layers: [{type: dense, units: 16, activation: tanh}, {type: output}]}",
        "optimizer: {type: adam, learning-rate: 0.02}",
        "training: {batch-size-per-worker: 16, epochs: 20, log-every-steps: 1000}");

    Run run = cli("train", "--config", job.toString());

    assertThat(run.status()).as(run.err()).isZero();
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("r2").asDouble()).isGreaterThan(0.95);
    assertThat(summary.get("mse").asDouble()).isLessThan(0.25);
    assertThat(summary.get("mae").asDouble()).isLessThan(summary.get("mse").asDouble() + 0.5);
    assertThat(summary.has("accuracy")).isFalse();
    assertThat(summary.has("roc_auc") || summary.has("per_class") || summary.has("top_1_accuracy")).isFalse();
  }

  @Test
  void earlyStoppingWritesTheBestEpochsModelAndReportsItsValidationMetrics() throws Exception {
    java.util.Random random = new java.util.Random(5);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      double x1 = random.nextGaussian();
      double x2 = random.nextGaussian();
      double target = 3 * x1 + 3 * x2;
      // The held-out examples (seed 42) follow half the training map: their loss falls, then rises.
      rows.add((io.sparktrain.kernels.train.Seeds.validation(42, i) < 0.3 ? target / 2 : target) + "," + x1 + "," + x2);
    }
    Path data = Files.write(dir.resolve("halves.csv"), rows);
    String[] sections = {
        "data: {train: " + data + ", format: csv, label: 0, validation-fraction: 0.3, shuffle: false}",
        "model: {layers: [{type: output}]}",
        "optimizer: {type: sgd, learning-rate: 0.01}"};
    Path stoppingOut = dir.resolve("stopping");
    Path stopping = job("stopping", stoppingOut, concat(sections,
        "training: {batch-size-per-worker: 8, epochs: 40, early-stopping: {metric: mse, patience: 2}}"));

    Run run = cli("train", "--config", stopping.toString());

    assertThat(run.status()).as(run.err()).isZero();
    JsonNode summary = JSON.readTree(stoppingOut.resolve("summary.json").toFile());
    int best = summary.get("best_epoch").asInt();
    assertThat(summary.get("stopped_early").asBoolean()).isTrue();
    assertThat(best).isGreaterThanOrEqualTo(2);
    assertThat(summary.get("epochs").asInt()).isEqualTo(best + 3);
    assertThat(run.out()).contains("stopped early after epoch " + (best + 3));
    List<JsonNode> epochs = Files.readAllLines(stoppingOut.resolve("metrics.jsonl")).stream().map(CliTest::json)
        .filter(line -> line.get("type").asText().equals("epoch")).toList();
    assertThat(epochs).hasSize(best + 3);
    assertThat(summary.get("validation_mse").asDouble()).isEqualTo(epochs.get(best).get("validation_mse").asDouble());
    assertThat(summary.get("validation_examples").asLong() + summary.get("train_examples").asLong()).isEqualTo(200);

    Path fixedOut = dir.resolve("fixed");
    Path fixed = job("fixed", fixedOut, concat(sections,
        "training: {batch-size-per-worker: 8, epochs: " + (best + 1) + "}"));
    assertThat(cli("train", "--config", fixed.toString()).status()).isZero();

    float[] saved = io.sparktrain.jobs.output.ModelFiles.read(stoppingOut.resolve("model.zip")).network().params()
        .toFloatVector();
    float[] bestEpochRun = io.sparktrain.jobs.output.ModelFiles.read(fixedOut.resolve("model.zip")).network()
        .params().toFloatVector();
    assertThat(saved).containsExactly(bestEpochRun);
  }

  private static String[] concat(String[] sections, String last) {
    List<String> all = new ArrayList<>(List.of(sections));
    all.add(last);
    return all.toArray(String[]::new);
  }

  private static long rowSum(JsonNode row) {
    long sum = 0;
    for (JsonNode count : row) {
      sum += count.asLong();
    }
    return sum;
  }

  @Test
  void aConvolutionalNetworkLearnsRealFashionMnist() throws Exception {
    String train = FashionMnistSubset.write("train", 3000, dir);
    String test = FashionMnistSubset.write("t10k", 1000, dir);
    Path out = dir.resolve("cnn");
    Path job = job("cnn", out,
        "data: {train: " + train + ", test: " + test + ", format: idx, classes: 10, normalize: scale}",
        "model:",
        "  init: he",
        "  input: {height: 28, width: 28, channels: 1}",
        "  layers:",
        "    - {type: convolution, filters: 8, kernel: 5}",
        "    - {type: subsampling, kernel: 2}",
        "    - {type: dense, units: 64}",
        "    - {type: output}",
        "optimizer: {type: adam, learning-rate: 0.002}",
        "training: {batch-size-per-worker: 32, epochs: 2, log-every-steps: 1000}");

    Run run = cli("train", "--config", job.toString());

    assertThat(run.status()).as(run.err()).isZero();
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("accuracy").asDouble()).isGreaterThan(0.72);
    assertThat(summary.get("train_loss").asDouble()).isLessThan(0.8);
  }

  @Test
  void fineTuningReusesFrozenPretrainedFeaturesAndBeatsAHeadOnRandomFeatures() throws Exception {
    FashionMnistSubset.writeCsvByClass("train", 6000, dir.resolve("first"), dir.resolve("second"));
    FashionMnistSubset.writeCsvByClass("t10k", 2000, dir.resolve("first-test"), dir.resolve("second-test"));
    String model = "model: {init: he, input: {height: 28, width: 28}, layers: [{type: convolution, filters: 8, kernel: 5},"
        + " {type: subsampling}, {type: convolution, filters: 16, kernel: 5}, {type: subsampling}, {type: output}]}";
    Path pretrain = job("pretrain", dir.resolve("pretrained"),
        "data: {train: " + dir.resolve("first") + ", test: " + dir.resolve("first-test")
            + ", format: csv, label: 0, classes: 5}",
        model, "optimizer: {type: adam, learning-rate: 0.002}",
        "training: {batch-size-per-worker: 32, epochs: 2, log-every-steps: 1000}");
    Path tune = job("tune", dir.resolve("tuned"),
        "data: {train: " + dir.resolve("second") + ", test: " + dir.resolve("second-test")
            + ", format: csv, label: 0, classes: 5}",
        model.replace("layers:", "freeze-up-to: layer3, layers:"), "optimizer: {type: adam, learning-rate: 0.01}",
        "training: {batch-size-per-worker: 32, epochs: 2, log-every-steps: 1000}");

    assertThat(cli("train", "--config", pretrain.toString()).status()).isZero();
    Run tuned = cli("finetune", "--config", tune.toString(), "--from", dir.resolve("pretrained/model.zip").toString());
    Run randomFeatures = cli("train", "--config", tune.toString(), "--set", "output.dir=" + dir.resolve("random"),
        "--set", "model.layers.3.name=layer3");

    assertThat(tuned.status()).as(tuned.err()).isZero();
    assertThat(randomFeatures.status()).as(randomFeatures.err()).isZero();
    float[] before = io.sparktrain.jobs.output.ModelFiles.read(dir.resolve("pretrained/model.zip")).parameters();
    float[] after = io.sparktrain.jobs.output.ModelFiles.read(dir.resolve("tuned/model.zip")).parameters();
    int hidden = 8 * 25 + 8 + 16 * 8 * 25 + 16;
    assertThat(java.util.Arrays.copyOf(after, hidden)).as("frozen pretrained layer")
        .containsExactly(java.util.Arrays.copyOf(before, hidden));
    double tunedAccuracy = JSON.readTree(dir.resolve("tuned/summary.json").toFile()).get("accuracy").asDouble();
    double randomAccuracy = JSON.readTree(dir.resolve("random/summary.json").toFile()).get("accuracy").asDouble();
    assertThat(tunedAccuracy).as(tuned.out() + randomFeatures.out()).isGreaterThan(randomAccuracy).isGreaterThan(0.8);
  }

  @Test
  void fineTuningAModelWhoseLayersDoNotMatchExits2NamingTheLayer() throws Exception {
    Path train = csv("0,1,2", "1,3,4", "2,5,6", "0,7,8");
    assertThat(cli("train", "--config", csvJob(train.toString()).toString()).status()).isZero();
    Path other = Files.writeString(dir.resolve("other.yaml"), Files.readString(dir.resolve("job.yaml"))
        .replace("units: 8", "units: 5").replace(dir.resolve("out").toString(), dir.resolve("out2").toString()));

    Run run = cli("finetune", "--config", other.toString(), "--from", dir.resolve("out/model.zip").toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("model.layers[0] does not match").contains("0_W");
  }

  /**
   * Writes job config {@code name}.yaml: embedded Spark with 2 workers, the given YAML lines, and
   * {@code output.dir} set to {@code out}.
   */
  private Path job(String name, Path out, String... sections) throws java.io.IOException {
    List<String> lines = new ArrayList<>();
    lines.add("spark: {master: \"local[2]\", workers: 2}");
    lines.addAll(List.of(sections));
    lines.add("output: {dir: " + out + "}");
    return Files.write(dir.resolve(name + ".yaml"), lines);
  }

  private static byte[] gzip(byte[] bytes) throws java.io.IOException {
    var buffer = new ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(buffer)) {
      out.write(bytes);
    }
    return buffer.toByteArray();
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
