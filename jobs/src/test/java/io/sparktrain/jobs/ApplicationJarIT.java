package io.sparktrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.jobs.SparkProcesses.Result;
import io.sparktrain.jobs.output.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded application jar as users run it: without Spark or Hadoop inside, started directly
 * and through Spark's own {@code spark-submit} entry point ({@code org.apache.spark.deploy.SparkSubmit}),
 * in local mode and on a real standalone cluster started by {@code deploy/local-cluster.sh}.
 */
class ApplicationJarIT {
  private static final Path JAR = SparkProcesses.JAR;

  @TempDir
  Path dir;

  @Test
  void theJarHoldsNoSparkOrHadoopClassesButDoesHoldSparkTrainAndNd4j() throws IOException {
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      List<String> classes = zip.stream().map(entry -> entry.getName())
          .filter(name -> name.endsWith(".class")).toList();

      assertThat(classes).noneMatch(name -> name.startsWith("org/apache/spark/"))
          .noneMatch(name -> name.startsWith("org/apache/hadoop/"))
          .contains("io/sparktrain/jobs/SparkTrainCli.class", "org/nd4j/linalg/factory/Nd4j.class");
    }
  }

  @Test
  void theJarStartsTheCli() throws Exception {
    Result help = SparkProcesses.run(List.of(SparkProcesses.java(), "-jar", JAR.toString(), "--help"), dir, null);

    assertThat(help.status()).as(help.output()).isZero();
    assertThat(help.output()).contains("Usage: sparktrain", "train", "evaluate");
  }

  @Test
  void sparkSubmitRunsATrainingJobFromTheJar() throws Exception {
    Path out = dir.resolve("out");

    Result submitted = SparkProcesses.run(SparkProcesses.sparkSubmitTrain("local[2]", tinyJob(out, "driver")), dir,
        null);

    assertThat(submitted.status()).as(submitted.output()).isZero();
    assertTrainedTwoWorkersForTwoEpochs(submitted, out);
  }

  /**
   * {@code deploy/local-cluster.sh} starts a standalone master and two one-core workers; the jar
   * submitted to it trains with an executor on each worker, and {@code stop} ends every process.
   * The same job over the {@code sharded-ps} transport, whose shards talk to each other and to the
   * driver's coordinator over TCP between the executor JVMs here, ends with the very parameters of
   * the {@code driver} transport's run.
   */
  @Test
  void sparkSubmitRunsATrainingJobOnTheLocalStandaloneCluster() throws Exception {
    Path state = dir.resolve("cluster");
    Path out = dir.resolve("out");
    Path shardedOut = dir.resolve("sharded-out");
    String port = String.valueOf(SparkProcesses.freePort());
    Result started = SparkProcesses.cluster(dir, state, "start", "--workers", "2", "--port", port);
    try {
      assertThat(started.status()).as(started.output()).isZero();
      assertThat(started.output()).contains("spark://127.0.0.1:" + port);

      Result submitted = SparkProcesses.run(
          SparkProcesses.sparkSubmitTrain("spark://127.0.0.1:" + port, tinyJob(out, "driver")), dir, state);
      Result sharded = SparkProcesses.run(
          SparkProcesses.sparkSubmitTrain("spark://127.0.0.1:" + port, tinyJob(shardedOut, "sharded-ps")), dir, state);

      assertThat(submitted.status()).as(submitted.output()).isZero();
      assertTrainedTwoWorkersForTwoEpochs(submitted, out);
      assertThat(executorFolders(state.resolve("work-1"))).as("executors launched by worker 1").isNotEmpty();
      assertThat(executorFolders(state.resolve("work-2"))).as("executors launched by worker 2").isNotEmpty();
      assertThat(sharded.status()).as(sharded.output()).isZero();
      assertTrainedTwoWorkersForTwoEpochs(sharded, shardedOut);
      assertThat(ModelFiles.read(shardedOut.resolve("model.zip")).parameters())
          .as("sharded-ps across executor JVMs: bit for bit the driver transport's run")
          .containsExactly(ModelFiles.read(out.resolve("model.zip")).parameters());
    } finally {
      Result stopped = SparkProcesses.cluster(dir, state, "stop");
      assertThat(stopped.status()).as(stopped.output()).isZero();
    }
    Result status = SparkProcesses.cluster(dir, state, "status");
    assertThat(status.status()).as("status after stop: " + status.output()).isEqualTo(3);
  }

  private Path tinyJob(Path out, String transport) throws IOException {
    Path train = Files.write(dir.resolve("train.csv"), List.of(
        "0,0.1,0.9", "1,0.8,0.2", "0,0.2,0.7", "1,0.9,0.1", "0,0.0,1.0", "1,1.0,0.0", "0,0.3,0.8", "1,0.7,0.3"));
    return Files.writeString(dir.resolve("job-" + transport + ".yaml"), String.join("\n",
        "name: submitted",
        "spark: {workers: 2}",
        "data: {train: " + train + ", format: csv, label: 0, classes: 2}",
        "model: {layers: [{type: dense, units: 4}, {type: output}]}",
        "optimizer: {type: adam, learning-rate: 0.01}",
        "training: {batch-size-per-worker: 2, epochs: 2, transport: " + transport + "}",
        "output: {dir: " + out + "}"));
  }

  private static void assertTrainedTwoWorkersForTwoEpochs(Result submitted, Path out) throws IOException {
    assertThat(submitted.output()).contains("epoch 2/2 done");
    assertThat(out.resolve("model.zip")).isNotEmptyFile();
    var summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("workers").asInt()).isEqualTo(2);
    assertThat(summary.get("steps").asInt()).isEqualTo(4);
  }

  private static List<Path> executorFolders(Path workDir) throws IOException {
    try (var apps = Files.walk(workDir, 2)) {
      return apps.filter(path -> path.getNameCount() == workDir.getNameCount() + 2).toList();
    }
  }
}
