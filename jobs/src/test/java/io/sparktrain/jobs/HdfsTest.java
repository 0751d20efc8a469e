package io.sparktrain.jobs;

import static io.sparktrain.jobs.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.jobs.CliTest.Run;
import io.sparktrain.jobs.output.ModelFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job on a real HDFS ({@code MiniDFSCluster}, one data node in this JVM): training data read
 * from {@code hdfs://}, checkpoints and outputs written there, a resume read back from there, and
 * the same parameters as the same job on local files.
 */
class HdfsTest {
  @TempDir
  static Path dir;
  private static MiniDFSCluster hdfs;
  private static FileSystem fs;
  private static String root;

  @BeforeAll
  static void startHdfs() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    fs = hdfs.getFileSystem();
    root = fs.getUri() + "/jobs";
  }

  @AfterAll
  static void stopHdfs() {
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void aJobReadsItsDataFromHdfsAndWritesCheckpointsAndTheModelThereAndResumesFromThem() throws Exception {
    List<String> rows = rows();
    Path localData = Files.write(dir.resolve("train.csv"), rows);
    try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(root + "/data/train.csv"))) {
      out.write((String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    Run onHdfs = cli("train", "--config", job("hdfs", root + "/data/train.csv", root + "/ckpt", root + "/out")
        .toString());
    Run local = cli("train", "--config", job("local", localData.toString(), dir.resolve("ckpt").toString(),
        dir.resolve("out").toString()).toString());

    assertThat(onHdfs.status()).as(onHdfs.err()).isZero();
    assertThat(local.status()).as(local.err()).isZero();
    assertThat(names(root + "/out")).contains("model.zip", "summary.json", "metrics.jsonl");
    assertThat(names(root + "/ckpt")).as("every 3 steps and at the epoch ends, the last 2 kept")
        .containsExactly("checkpoint-000000000024.stc", "checkpoint-000000000026.stc");
    float[] expected = ModelFiles.read(dir.resolve("out/model.zip")).parameters();
    assertThat(modelOnHdfs()).as("the same job on local files").containsExactly(expected);

    fs.delete(new org.apache.hadoop.fs.Path(root + "/out"), true);
    Run resumed = cli("train", "--config", dir.resolve("job-hdfs.yaml").toString(), "--resume");

    assertThat(resumed.status()).as(resumed.err()).isZero();
    assertThat(modelOnHdfs()).as("resumed from the last checkpoint on HDFS").containsExactly(expected);
  }

  private static float[] modelOnHdfs() throws IOException {
    Path copy = Files.createTempFile(dir, "model", ".zip");
    Files.delete(copy);
    fs.copyToLocalFile(new org.apache.hadoop.fs.Path(root + "/out/model.zip"),
        new org.apache.hadoop.fs.Path(copy.toUri()));
    return ModelFiles.read(copy).parameters();
  }

  private static List<String> names(String folder) throws IOException {
    return Arrays.stream(fs.listStatus(new org.apache.hadoop.fs.Path(folder)))
        .map(FileStatus::getPath).map(org.apache.hadoop.fs.Path::getName)
        .filter(name -> !name.startsWith(".")).sorted().toList();
  }

  private static Path job(String name, String train, String checkpoints, String out) throws IOException {
    return Files.write(dir.resolve("job-" + name + ".yaml"), List.of(
        "name: hdfs-job",
        "seed: 3",
        "spark: {master: \"local[2]\", workers: 2}",
        "data: {train: " + train + ", format: csv, label: 0, classes: 2, normalize: standardize}",
        "model: {layers: [{type: dense, units: 8}, {type: output}]}",
        "optimizer: {type: adam, learning-rate: 0.01}",
        "training: {batch-size-per-worker: 8, epochs: 2}",
        "checkpoint: {dir: \"" + checkpoints + "\", every-steps: 3, keep-last: 2}",
        "output: {dir: \"" + out + "\"}"));
  }

  /** 200 rows, 13 steps of 16 an epoch: label 1 when the features sum above 0. */
  private static List<String> rows() {
    Random random = new Random(9);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      rows.add(String.format(Locale.ROOT, "%d,%.5f,%.5f", a + b > 0 ? 1 : 0, a, b));
    }
    return rows;
  }
}
