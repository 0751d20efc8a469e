package io.sparktrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
 * and through Spark's own {@code spark-submit} entry point ({@code org.apache.spark.deploy.SparkSubmit}).
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
    Path train = Files.write(dir.resolve("train.csv"), List.of(
        "0,0.1,0.9", "1,0.8,0.2", "0,0.2,0.7", "1,0.9,0.1", "0,0.0,1.0", "1,1.0,0.0", "0,0.3,0.8", "1,0.7,0.3"));
    Path out = dir.resolve("out");
    Path job = Files.writeString(dir.resolve("job.yaml"), String.join("\n",
        "name: submitted",
        "spark: {workers: 2}",
        "data: {train: " + train + ", format: csv, label: 0, classes: 2}",
        "model: {layers: [{type: dense, units: 4}, {type: output}]}",
        "training: {batch-size-per-worker: 2, epochs: 2}",
        "output: {dir: " + out + "}"));
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx2g"));
    command.addAll(Arrays.asList(System.getProperty("sparktrain.java17-flags").trim().split("\\s+")));
    command.addAll(List.of("-cp", Files.readString(Path.of(System.getProperty("sparktrain.spark-classpath"))).trim(),
        "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
        "--conf", "spark.kryo.registrationRequired=true",
        "--class", "io.sparktrain.jobs.SparkTrainCli", JAR.toString(), "train", "--config", job.toString()));

    Result submitted = run(command);

    assertThat(submitted.status()).as(submitted.output()).isZero();
    assertThat(submitted.output()).contains("epoch 2/2 done");
    assertThat(out.resolve("model.zip")).isNotEmptyFile();
    var summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("workers").asInt()).isEqualTo(2);
    assertThat(summary.get("steps").asInt()).isEqualTo(4);
  }

  record Result(int status, String output) {}

  private Result run(List<String> command) throws Exception {
    Path log = dir.resolve("process.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
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
