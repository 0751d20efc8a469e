package io.sparktrain.jobs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The integration tests' child processes: the shaded jar under Spark's own {@code spark-submit}
 * entry point, and {@code deploy/local-cluster.sh}. Paths come from the failsafe configuration.
 */
final class SparkProcesses {
  static final Path JAR = Path.of(System.getProperty("sparktrain.jar"));
  static final Path CLUSTER_SCRIPT = Path.of(System.getProperty("sparktrain.local-cluster"));

  private SparkProcesses() {}

  /** What a finished process exited with and printed (stdout and stderr together). */
  record Result(int status, String output) {}

  /** A started process whose output goes to {@code log}. */
  record Running(Process process, Path log) {
    /** The output so far. */
    String output() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Waits for the end, at most {@code timeout}. */
    Result await(Duration timeout) throws Exception {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out after " + timeout + "; output:\n" + output());
      }
      return new Result(process.exitValue(), output());
    }
  }

  /**
   * Starts {@code command} with its output in a new file of {@code logDir}.
   *
   * @param clusterState the local cluster's state folder, or null when the command does not use it
   */
  static Running start(List<String> command, Path logDir, Path clusterState) throws IOException {
    Path log = Files.createTempFile(logDir, "process", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    if (clusterState != null) {
      builder.environment().put("SPARKTRAIN_CLUSTER_DIR", clusterState.toString());
    }
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put("OMP_NUM_THREADS", "1");
    return new Running(builder.start(), log);
  }

  /** Runs {@code command} to its end (at most five minutes). */
  static Result run(List<String> command, Path logDir, Path clusterState) throws Exception {
    return start(command, logDir, clusterState).await(Duration.ofMinutes(5));
  }

  /** {@code deploy/local-cluster.sh ARGS} with its state in {@code clusterState}. */
  static Result cluster(Path logDir, Path clusterState, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", CLUSTER_SCRIPT.toString()));
    command.addAll(Arrays.asList(args));
    return run(command, logDir, clusterState);
  }

  /** {@code spark-submit --master MASTER --class SparkTrainCli JAR train --config JOB}. */
  static List<String> sparkSubmitTrain(String master, Path job) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx2g"));
    command.addAll(Arrays.asList(System.getProperty("sparktrain.java17-flags").trim().split("\\s+")));
    command.addAll(List.of("-cp", Files.readString(Path.of(System.getProperty("sparktrain.spark-classpath"))).trim(),
        "org.apache.spark.deploy.SparkSubmit", "--master", master,
        "--conf", "spark.kryo.registrationRequired=true", "--conf", "spark.executor.memory=1g",
        "--class", "io.sparktrain.jobs.SparkTrainCli", JAR.toString(), "train", "--config", job.toString()));
    return command;
  }

  /** The {@code java} of the running JVM. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A port that was free on the loopback address a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
