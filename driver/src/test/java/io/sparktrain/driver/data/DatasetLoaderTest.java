package io.sparktrain.driver.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;


import io.sparktrain.driver.TestSpark;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.SequenceShape;
import io.sparktrain.kernels.train.Batch;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class DatasetLoaderTest {
  @TempDir
  Path dir;

  private static DataSpec csv(Path path, String label, boolean header, int classes, Normalization normalize) {
    return new DataSpec(path.toString(), null, DataFormat.CSV, label, header, classes, normalize, false);
  }

  private static ShardedDataset load(DataSpec spec, int workers, int batch) {
    return new DatasetLoader(TestSpark.get(), spec, workers, batch).loadTraining();
  }

  /** All examples of a data set in input order, gathered back from the workers. */
  private static Batch[] byWorker(ShardedDataset data) {
    return data.shards().collect().stream().sorted(Comparator.comparingInt(WorkerShard::worker))
        .map(shard -> shard.slice(0, shard.count())).toArray(Batch[]::new);
  }

  @Test
  void aHeaderNamesTheLabelColumnAndBlankLinesAreSkipped() throws Exception {
    Files.write(dir.resolve("a.csv"), List.of("x1,price,x2", "1,10,2", "", "3,20,4"));

    Batch[] workers = byWorker(load(csv(dir.resolve("a.csv"), "price", true, 0, Normalization.NONE), 1, 8));

    assertThat(workers[0].labels()).containsExactly(10, 20);
    assertThat(workers[0].features()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void aFolderIsReadInPathOrderAndExamplesGoToWorkersByBatch() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.write(dir.resolve("data/part-1.csv"), List.of("1,3", "1,4", "1,5"));
    Files.write(dir.resolve("data/part-0.csv"), List.of("0,0", "0,1", "0,2"));
    Files.write(dir.resolve("data/_SUCCESS"), List.of("not data"));

    ShardedDataset data = load(csv(dir.resolve("data"), "0", false, 2, Normalization.NONE), 2, 2);
    Batch[] workers = byWorker(data);

    // examples 0..5 = features 0..5; worker floor(i / 2) mod 2
    assertThat(workers[0].features()).containsExactly(0, 1, 4, 5);
    assertThat(workers[1].features()).containsExactly(2, 3);
    assertThat(data.stepsPerEpoch(2)).isEqualTo(2);
  }

  @Test
  void gzipFilesAreDecompressedAndACutOffOneIsReported() throws Exception {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("ok.csv.gz")))) {
      out.write("0,1.5\n1,2.5\n".getBytes());
    }
    assertThat(byWorker(load(csv(dir.resolve("ok.csv.gz"), "0", false, 2, Normalization.NONE), 1, 4))[0]
        .features()).containsExactly(1.5f, 2.5f);

    byte[] whole = Files.readAllBytes(dir.resolve("ok.csv.gz"));
    Files.write(dir.resolve("cut.csv.gz"), java.util.Arrays.copyOf(whole, whole.length - 12));
    assertThatThrownBy(() -> load(csv(dir.resolve("cut.csv.gz"), "0", false, 2, Normalization.NONE), 1, 4))
        .isInstanceOf(BadInputException.class).hasMessageContaining("cut.csv.gz");
  }

  @Test
  void libsvmRowsBecomeDenseWithTheWidestIndexOfTheTrainingData() throws Exception {
    Files.write(dir.resolve("train.svm"), List.of("1 1:0.5 3:2", "0 2:1 # comment", "1 4:-1"));
    Files.write(dir.resolve("test.svm"), List.of("0 5:1"));
    DataSpec spec = new DataSpec(dir.resolve("train.svm").toString(), dir.resolve("test.svm").toString(),
        DataFormat.LIBSVM, null, false, 2, Normalization.NONE, false);
    DatasetLoader loader = new DatasetLoader(TestSpark.get(), spec, 1, 4);

    ShardedDataset train = loader.loadTraining();

    assertThat(train.shape().inputs()).isEqualTo(4);
    assertThat(byWorker(train)[0].features()).containsExactly(0.5f, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, -1);
    assertThatThrownBy(() -> loader.loadTest(train.schema())).isInstanceOf(BadInputException.class)
        .hasMessageContaining("test.svm").hasMessageContaining("5 features but the training data has 4");
  }

  @Test
  void malformedLibsvmNamesFileRowAndToken() throws Exception {
    Files.write(dir.resolve("bad.svm"), List.of("1 1:0.5", "0 3:1 2:4"));
    DataSpec spec = new DataSpec(dir.resolve("bad.svm").toString(), null, DataFormat.LIBSVM, null, false, 2,
        Normalization.NONE, false);

    assertThatThrownBy(() -> load(spec, 1, 4)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("bad.svm: row 2, column 3: feature index 2 does not increase");
  }

  @Test
  void filesOfDifferentWidthsInOneFolderAreRejectedNamingBoth() throws Exception {
    Files.createDirectories(dir.resolve("mixed"));
    Files.write(dir.resolve("mixed/a.csv"), List.of("0,1,2"));
    Files.write(dir.resolve("mixed/b.csv"), List.of("0,1,2,3"));

    assertThatThrownBy(() -> load(csv(dir.resolve("mixed"), "0", false, 2, Normalization.NONE), 1, 4))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("b.csv: rows have 3 features but").hasMessageContaining("a.csv has 2");
  }

  @Test
  void scalingAndStandardizingAreFittedOnTrainingDataAndReusedForTest() throws Exception {
    Files.write(dir.resolve("train.csv"), List.of("0,0,10", "1,5,20", "0,10,30", "1,5,40"));
    Files.write(dir.resolve("test.csv"), List.of("0,20,25"));
    DataSpec spec = new DataSpec(dir.resolve("train.csv").toString(), dir.resolve("test.csv").toString(),
        DataFormat.CSV, "0", false, 2, Normalization.SCALE, false);
    DatasetLoader loader = new DatasetLoader(TestSpark.get(), spec, 2, 1);

    ShardedDataset train = loader.loadTraining();
    Batch[] workers = byWorker(train);

    assertThat(workers[0].features()).containsExactly(0, 0, 1, 2f / 3);
    assertThat(workers[1].features()).containsExactly(0.5f, 1f / 3, 0.5f, 1);
    assertThat(byWorker(loader.loadTest(train.schema()))[0].features()).containsExactly(2, 0.5f);

    DataSpec standardize = csv(dir.resolve("train.csv"), "0", false, 2, Normalization.STANDARDIZE);
    float[] z = byWorker(load(standardize, 1, 4))[0].features();
    double mean = (z[1] + z[3] + z[5] + z[7]) / 4;
    double variance = (z[1] * z[1] + z[3] * z[3] + z[5] * z[5] + z[7] * z[7]) / 4 - mean * mean;
    assertThat(mean).isCloseTo(0, within(1e-6));
    assertThat(variance).isCloseTo(1, within(1e-5));
  }

  @Test
  void aTruncatedIdxFileAndAWrongMagicNumberAreReported() throws Exception {
    writeIdx(dir.resolve("short"), 3, 2, 0x803);
    DataSpec spec = new DataSpec(dir.resolve("short").toString(), null, DataFormat.IDX, null, false, 10,
        Normalization.NONE, false);
    assertThatThrownBy(() -> load(spec, 1, 4)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("short-images-idx3-ubyte.gz: row 3: file ends early (truncated?)");

    writeIdx(dir.resolve("magic"), 2, 2, 0x999);
    DataSpec wrong = new DataSpec(dir.resolve("magic").toString(), null, DataFormat.IDX, null, false, 10,
        Normalization.NONE, false);
    assertThatThrownBy(() -> load(wrong, 1, 4)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("magic-images-idx3-ubyte.gz: not an IDX images file");
  }

  /** Writes an IDX pair that declares {@code declared} 2x2 images but holds only {@code present}. */
  private static void writeIdx(Path prefix, int declared, int present, int magic) throws Exception {
    try (var images = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(Path.of(prefix + "-images-idx3-ubyte.gz"))));
        var labels = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(Path.of(prefix + "-labels-idx1-ubyte.gz"))))) {
      images.writeInt(magic);
      images.writeInt(declared);
      images.writeInt(2);
      images.writeInt(2);
      labels.writeInt(0x801);
      labels.writeInt(declared);
      for (int i = 0; i < present * 4; i++) {
        images.writeByte(i);
      }
      for (int i = 0; i < declared; i++) {
        labels.writeByte(i % 10);
      }
    }
  }

  @Test
  void tokenIdsOutsideTheVocabularyNameTheFileTheExampleAndTheFeature() throws Exception {
    Files.write(dir.resolve("ok.csv"), List.of("0,1,4,0", "1,3,2,2"));
    Files.write(dir.resolve("big.csv"), List.of("0,1,4,0", "1,3,5,2"));
    Files.write(dir.resolve("frac.csv"), List.of("0,1,4,0", "1,3,2,2", "0,0.5,1,1"));
    ModelSpec tokens = new ModelSpec(Initialization.XAVIER, new SequenceShape(3, 1), List.of(
        new LayerSpec.Embedding(5, 2), new LayerSpec.GlobalPooling(LayerSpec.Pooling.AVG),
        LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    DataSpec ok = csv(dir.resolve("ok.csv"), "0", false, 2, Normalization.NONE);

    Batch[] workers = byWorker(new DatasetLoader(TestSpark.get(), ok, 1, 4).forModel(tokens).loadTraining());

    assertThat(workers[0].features()).containsExactly(1, 4, 0, 3, 2, 2);
    assertThatThrownBy(() -> new DatasetLoader(TestSpark.get(), csv(dir.resolve("big.csv"), "0", false, 2,
        Normalization.NONE), 2, 4).forModel(tokens).loadTraining())
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("big.csv: example 2, feature 2: token id 5.0 is not an integer in [0, 5)"
            + " (model.layers[0].vocabulary)");
    assertThatThrownBy(() -> new DatasetLoader(TestSpark.get(), csv(dir.resolve("frac.csv"), "0", false, 2,
        Normalization.NONE), 1, 4).forModel(tokens).loadTraining())
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("frac.csv: example 3, feature 1: token id 0.5 is not an integer");
    assertThat(new DatasetLoader(TestSpark.get(), csv(dir.resolve("big.csv"), "0", false, 2, Normalization.NONE),
        1, 4).loadTraining().count()).as("without an embedding, any value is a feature").isEqualTo(2);
  }
}
