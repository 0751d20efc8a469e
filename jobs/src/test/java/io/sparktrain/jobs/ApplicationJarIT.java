package io.sparktrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded application jar as users run it: without Spark or Hadoop inside, started directly
 * and through Spark's own {@code spark-submit} entry point ({@code org.apache.spark.deploy.SparkSubmit}),
 * in local mode and on a real standalone cluster started by {@code deploy/local-cluster.sh}.
 */
class ApplicationJarIT {
  private static final Path JAR = Path.of(System.getProperty("sparktrain.jar"));

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
    Result help = run(List.of(java(), "-jar", JAR.toString(), "--help"));

    assertThat(help.status()).as(help.output()).isZero();
    assertThat(help.output()).contains("Usage: sparktrain", "train", "evaluate");
  }

  @Test
  void sparkSubmitRunsATrainingJobFromTheJar() throws Exception {
    Path out = dir.resolve("out");

    Result submitted = run(sparkSubmit("local[2]", tinyJob(out)));

    assertThat(submitted.status()).as(submitted.output()).isZero();
    assertTrainedTwoWorkersForTwoEpochs(submitted, out);
  }

  /**
   * {@code deploy/local-cluster.sh} starts a standalone master and two one-core workers; the jar
   * submitted to it trains with an executor on each worker, and {@code stop} ends every process.
   */
  @Test
  void sparkSubmitRunsATrainingJobOnTheLocalStandaloneCluster() throws Exception {
    Path state = dir.resolve("cluster");
    Path out = dir.resolve("out");
    String port = String.valueOf(freePort());
    Result started = run(List.of("bash", script().toString(), "start", "--workers", "2", "--port", port), state);
    try {
      assertThat(started.status()).as(started.output()).isZero();
      assertThat(started.output()).contains("spark://127.0.0.1:" + port);

      Result submitted = run(sparkSubmit("spark://127.0.0.1:" + port, tinyJob(out)), state);

      assertThat(submitted.status()).as(submitted.output()).isZero();
      assertTrainedTwoWorkersForTwoEpochs(submitted, out);
      assertThat(executorFolders(state.resolve("work-1"))).as("executors launched by worker 1").isNotEmpty();
      assertThat(executorFolders(state.resolve("work-2"))).as("executors launched by worker 2").isNotEmpty();
    } finally {
      Result stopped = run(List.of("bash", script().toString(), "stop"), state);
      assertThat(stopped.status()).as(stopped.output()).isZero();
    }
    Result status = run(List.of("bash", script().toString(), "status"), state);
    assertThat(status.status()).as("status after stop: " + status.output()).isEqualTo(3);
  }

  private Path tinyJob(Path out) throws IOException {
    Path train = Files.write(dir.resolve("train.csv"), List.of(
        "0,0.1,0.9", "1,0.8,0.2", "0,0.2,0.7", "1,0.9,0.1", "0,0.0,1.0", "1,1.0,0.0", "0,0.3,0.8", "1,0.7,0.3"));
    return Files.writeString(dir.resolve("job.yaml"), String.join("\n",
        "name: submitted",
        "spark: {workers: 2}",
        "data: {train: " + train + ", format: csv, label: 0, classes: 2}",
        "model: {layers: [{type: dense, units: 4}, {type: output}]}",
        "training: {batch-size-per-worker: 2, epochs: 2}",
        "output: {dir: " + out + "}"));
  }

  private static void assertTrainedTwoWorkersForTwoEpochs(Result submitted, Path out) throws IOException {
    assertThat(submitted.output()).contains("epoch 2/2 done");
    assertThat(out.resolve("model.zip")).isNotEmptyFile();
    var summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("workers").asInt()).isEqualTo(2);
    assertThat(summary.get("steps").asInt()).isEqualTo(4);
  }

  private static List<String> sparkSubmit(String master, Path job) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx2g"));
    command.addAll(Arrays.asList(System.getProperty("sparktrain.java17-flags").trim().split("\\s+")));
    command.addAll(List.of("-cp", Files.readString(Path.of(System.getProperty("sparktrain.spark-classpath"))).trim(),
        "org.apache.spark.deploy.SparkSubmit", "--master", master,
        "--conf", "spark.kryo.registrationRequired=true", "--conf", "spark.executor.memory=1g",
        "--class", "io.sparktrain.jobs.SparkTrainCli", JAR.toString(), "train", "--config", job.toString()));
    return command;
  }

  private static List<Path> executorFolders(Path workDir) throws IOException {
    try (var apps = Files.walk(workDir, 2)) {
      return apps.filter(path -> path.getNameCount() == workDir.getNameCount() + 2).toList();
    }
  }

  private static Path script() {
    return Path.of(System.getProperty("sparktrain.local-cluster"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  record Result(int status, String output) {}

  private Result run(List<String> command) throws Exception {
    return run(command, null);
  }

  /** Runs {@code command}; a non-null {@code clusterState} is the local cluster's state folder. */
  private Result run(List<String> command, Path clusterState) throws Exception {
    Path log = Files.createTempFile(dir, "process", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    if (clusterState != null) {
      builder.environment().put("SPARKTRAIN_CLUSTER_DIR", clusterState.toString());
    }
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
