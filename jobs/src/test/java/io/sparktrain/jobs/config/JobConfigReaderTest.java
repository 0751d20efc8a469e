package io.sparktrain.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.driver.data.DataFormat;
import io.sparktrain.driver.data.Normalization;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.LayerType;
import io.sparktrain.kernels.config.OptimizerType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;

class JobConfigReaderTest {
  static final String VALID = """
      name: demo
      seed: 7
      spark: {master: "local[2]", workers: 2}
      data: {train: /data/train.csv, format: csv, label: 0, classes: 3, normalize: standardize}
      model:
        init: he
        layers:
          - {type: dense, units: 16, activation: relu, dropout: 0.1}
          - {type: output, activation: softmax, loss: mcxent}
      optimizer: {type: nesterov, learning-rate: 0.05, momentum: 0.8}
      training: {batch-size-per-worker: 32, epochs: 3}
      output: {dir: out/demo}
      """;

  @Test
  void readsEveryKeyOntoTheRecords() {
    JobConfig config = JobConfigReader.parse(VALID);

    assertThat(config.name()).isEqualTo("demo");
    assertThat(config.recipe().seed()).isEqualTo(7);
    assertThat(config.spark().workers()).isEqualTo(2);
    assertThat(config.data().format()).isEqualTo(DataFormat.CSV);
    assertThat(config.data().normalize()).isEqualTo(Normalization.STANDARDIZE);
    assertThat(config.recipe().model().layers()).hasSize(2);
    assertThat(config.recipe().model().layers().get(0).dropout()).isEqualTo(0.1);
    assertThat(config.recipe().model().layers().get(1).type()).isEqualTo(LayerType.OUTPUT);
    assertThat(config.recipe().optimizer().type()).isEqualTo(OptimizerType.NESTEROV);
    assertThat(config.recipe().optimizer().momentum()).isEqualTo(0.8);
    assertThat(config.training().batchSizePerWorker()).isEqualTo(32);
    assertThat(config.outputDir()).isEqualTo("out/demo");
  }

  @Test
  void overridesSetNestedKeysAndListItemsWithYamlTypes(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    JobConfig config = JobConfigReader.read(file, List.of("training.epochs=9", "model.layers.0.units=64",
        "model.layers.0.activation=tanh", "data.shuffle=false"));

    assertThat(config.training().epochs()).isEqualTo(9);
    assertThat(config.recipe().model().layers().get(0).units()).isEqualTo(64);
    assertThat(config.recipe().model().layers().get(0).activation()).isEqualTo(Activation.TANH);
    assertThat(config.data().shuffle()).isFalse();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "training.epochs | 0 | training.epochs must be >= 1, got 0",
      "training.epochs | three | training.epochs must be an integer, got 'three'",
      "training.batch-size-per-worker | -4 | training.batch-size-per-worker must be >= 1, got -4",
      "training.mode | async | training.mode must be one of sync-gradient, got 'async'",
      "training.transport | carrier-pigeon | training.transport must be one of driver",
      "training.epoch | 3 | unknown key training.epoch; allowed here: mode, transport",
      "optimizer.beta1 | 1.5 | optimizer.beta1 must be in [0.0, 1.0), got 1.5",
      "optimizer.momentum | 1.0 | optimizer.momentum must be in [0.0, 1.0), got 1.0",
      "optimizer.learning-rate | 0 | optimizer.learning-rate must be > 0, got 0.0",
      "optimizer.epsilon | -1 | optimizer.epsilon must be > 0, got -1.0",
      "optimizer.type | adamax | optimizer.type must be one of sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad, got 'adamax'",
      "optimizer.type | adamw | optimizer.type adamw needs regularization.weight-decay > 0",
      "optimizer.rms-decay | 1 | optimizer.rms-decay must be in [0.0, 1.0), got 1.0",
      "optimizer.rms-decay | fast | optimizer.rms-decay must be a number, got 'fast'",
      "regularization.weight-decay | -1e-4 | regularization.weight-decay must be >= 0, got -1.0E-4",
      "regularization.clip-norm | -1 | regularization.clip-norm must be >= 0, got -1.0",
      "regularization.clip-value | [1] | regularization.clip-value must be a number, got a list",
      "regularization.l2 | -0.1 | regularization.l2 must be >= 0, got -0.1",
      "regularization.l1 | x | regularization.l1 must be a number, got 'x'",
      "schedule.type | cyclic | schedule.type must be one of fixed, got 'cyclic'",
      "spark.workers | 0 | spark.workers must be >= 1, got 0",
      "data.format | parquet | data.format must be one of idx, csv, libsvm, got 'parquet'",
      "data.classes | 1 | data.classes must be >= 2 (or omitted for regression), got 1",
      "data.normalize | minmax | data.normalize must be one of scale, standardize, none, got 'minmax'",
      "data.shuffle | maybe | data.shuffle must be true or false, got 'maybe'",
      "data.label | price | data.label must be a 0-based column index when data.header is false, got 'price'",
      "data.train | '' | data.train is required",
      "model.init | zeros | model.init must be one of xavier, xavier-uniform, he, he-uniform, got 'zeros'",
      "model.layers.0.units | 0 | model.layers[0]: a dense layer needs units > 0, got 0",
      "model.layers.0.dropout | 1.0 | model.layers[0]: layer dropout must be in [0.0, 1.0), got 1.0",
      "model.layers.0.activation | relux | model.layers[0].activation must be one of",
      "model.layers.0.type | conv | model.layers[0].type must be one of dense, output, got 'conv'",
      "model.layers.0.loss | mse | model.layers[0].loss applies to the output layer only",
      "model.layers.1.units | 5 | the output layer's units is 5 but the data needs 3 (data.classes)",
      "model.layers.1.loss | hinge2 | model.layers[1].loss must be one of",
      "model.layers.0.size | 3 | unknown key model.layers[0].size",
      "model.layers | [] | model.layers must be a non-empty list",
      "evaluation.top-k | [0] | evaluation.top-k values must be >= 1, got 0",
      "evaluation.top-k | [1, 3] | evaluation.top-k values must be < data.classes (3), got 3",
      "evaluation.top-k | [2, 2] | evaluation.top-k must not repeat a value, got [2, 2]",
      "evaluation.top-k | 2 | evaluation.top-k must be a list of integers, got '2'",
      "evaluation.top-k | [1, two] | evaluation.top-k[1] must be an integer, got 'two'",
      "evaluation.top-k | [1.5] | evaluation.top-k[0] must be an integer, got '1.5'",
      "evaluation.topk | [1] | unknown key evaluation.topk; allowed here: top-k",
      "output.path | x | unknown key output.path; allowed here: dir",
      "colour | red | unknown key colour",
  })
  void aBadValueNamesTheKeyTheValueAndWhatIsAllowed(String key, String value, String message,
      @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    assertThatThrownBy(() -> JobConfigReader.read(file, List.of(key + "=" + value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void readsTheNewOptimizersAndRegularizationKeys(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    JobConfig config = JobConfigReader.read(file, List.of("optimizer.type=adamw", "regularization.weight-decay=0.01",
        "regularization.clip-norm=5", "regularization.clip-value=0.5"));
    JobConfig adagrad = JobConfigReader.read(file, List.of("optimizer.type=adagrad"));
    JobConfig rmsprop = JobConfigReader.read(file, List.of("optimizer.type=rmsprop", "optimizer.rms-decay=0.9"));

    assertThat(config.recipe().optimizer().type()).isEqualTo(OptimizerType.ADAMW);
    assertThat(config.recipe().regularization().weightDecay()).isEqualTo(0.01);
    assertThat(config.recipe().regularization().clipNorm()).isEqualTo(5);
    assertThat(config.recipe().regularization().clipValue()).isEqualTo(0.5);
    assertThat(adagrad.recipe().optimizer().epsilon()).as("DL4J's AdaGrad default").isEqualTo(1e-6);
    assertThat(rmsprop.recipe().optimizer().rmsDecay()).isEqualTo(0.9);
    assertThat(rmsprop.recipe().optimizer().epsilon()).isEqualTo(1e-8);
  }

  @Test
  void topKDefaultsToOneAndFiveFromTenClassesAndIsReadSorted(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    assertThat(JobConfigReader.read(file, List.of()).evaluation().topK()).isEmpty();
    assertThat(JobConfigReader.read(file, List.of("data.classes=10")).evaluation().topK()).containsExactly(1, 5);
    assertThat(JobConfigReader.read(file, List.of("data.classes=10", "evaluation.top-k=[]")).evaluation().topK())
        .isEmpty();
    assertThat(JobConfigReader.read(file, List.of("evaluation.top-k=[2, 1]")).evaluation().topK())
        .containsExactly(1, 2);
  }

  @Test
  void topKIsRejectedForRegression(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    assertThat(JobConfigReader.read(file, List.of("data.classes=0")).evaluation().topK()).isEmpty();
    assertThatThrownBy(() -> JobConfigReader.read(file, List.of("data.classes=0", "evaluation.top-k=[1]")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evaluation.top-k applies to classification only (data.classes is not set), got [1]");
  }

  @Test
  void theLastLayerMustBeAnOutputLayer() {
    String yaml = VALID.replace("- {type: output, activation: softmax, loss: mcxent}", "- {type: dense, units: 3}");

    assertThatThrownBy(() -> JobConfigReader.parse(yaml)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.layers: the last layer must have type output, got dense");
  }

  @Test
  void aMissingFileOrBrokenYamlIsAConfigError(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> JobConfigReader.read(dir.resolve("nope.yaml"), List.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("nope.yaml does not exist");
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "data: {train: [unclosed\n");
    assertThatThrownBy(() -> JobConfigReader.read(broken, List.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("broken.yaml is not valid YAML");
    assertThatThrownBy(() -> JobConfigReader.read(Files.writeString(dir.resolve("j.yaml"), VALID),
        List.of("no-equals-sign"))).isInstanceOf(ConfigException.class).hasMessageContaining("--set needs key.path=value");
  }
}
