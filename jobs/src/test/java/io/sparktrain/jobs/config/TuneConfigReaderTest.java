package io.sparktrain.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.driver.tune.Choice;
import io.sparktrain.driver.tune.Goal;
import io.sparktrain.driver.tune.IntUniform;
import io.sparktrain.driver.tune.LogUniform;
import io.sparktrain.driver.tune.StrategyType;
import io.sparktrain.driver.tune.TuneSpec;
import io.sparktrain.driver.tune.Uniform;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TuneConfigReaderTest {
  /** The README's tune section, appended to the Fashion-MNIST MLP example job. */
  static final String TUNE = """
      tune:
        metric: accuracy
        strategy: random
        trials: 24
        seed: 7
        space:
          optimizer.learning-rate: {log-uniform: [1.0e-4, 1.0e-1]}
          optimizer.type: {choice: [sgd, nesterov, adam]}
          model.layers.0.units: {choice: [64, 128, 256]}
          regularization.l2: {log-uniform: [1.0e-6, 1.0e-2]}
          training.batch-size-per-worker: {choice: [16, 32, 64]}
        early-stopping: {type: asha, min-epochs: 1, max-epochs: 9, reduction: 3}
        folds: 0
        trial-workers: 1
      """;

  @TempDir
  Path dir;

  private Path write(String yaml) throws Exception {
    return Files.writeString(dir.resolve("tune.yaml"), yaml);
  }

  private Path example(String tune) throws Exception {
    return write(Files.readString(Path.of("examples/fashion-mnist-mlp.yaml")) + tune);
  }

  /** A small classification job with a tune section whose space is {@code space}. */
  private Path withSpace(String space) throws Exception {
    return write(JobConfigReaderTest.VALID + """
        tune:
          metric: f1_macro
          trials: 4
          space: {%s}
        """.formatted(space));
  }

  @Test
  void readsTheExampleTuneConfig() throws Exception {
    TuneConfig config = TuneConfigReader.read(example(TUNE), List.of());
    TuneSpec tune = config.tune();

    assertThat(tune.metric()).isEqualTo("accuracy");
    assertThat(tune.goal()).isEqualTo(Goal.MAXIMIZE);
    assertThat(tune.strategy()).isEqualTo(StrategyType.RANDOM);
    assertThat(tune.trials()).isEqualTo(24);
    assertThat(tune.seed()).isEqualTo(7);
    assertThat(tune.space().keys()).containsExactly("optimizer.learning-rate", "optimizer.type",
        "model.layers.0.units", "regularization.l2", "training.batch-size-per-worker");
    assertThat(tune.space().dimensions().get(0)).isEqualTo(new LogUniform("optimizer.learning-rate", 1e-4, 1e-1));
    assertThat(tune.space().dimensions().get(1))
        .isEqualTo(new Choice("optimizer.type", List.of("sgd", "nesterov", "adam")));
    assertThat(tune.space().dimensions().get(2)).isEqualTo(new Choice("model.layers.0.units", List.of(64, 128, 256)));
    assertThat(tune.asha().rungs()).containsExactly(1, 3, 9);
    assertThat(tune.crossValidation()).isFalse();
    assertThat(tune.trialWorkers()).isEqualTo(1);
    assertThat(config.baseJob().name()).isEqualTo("fashion-mnist-mlp");
    assertThat(config.jobYaml()).doesNotContain("tune:").contains("fashion-mnist-mlp");
    assertThat(JobConfigReader.parse(config.jobYaml())).isEqualTo(config.baseJob());
  }

  @Test
  void aTrialJobIsTheBaseJobWithTheValuesSet() throws Exception {
    TuneConfig config = TuneConfigReader.read(example(TUNE), List.of());
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("optimizer.learning-rate", 0.0123);
    values.put("optimizer.type", "nesterov");
    values.put("model.layers.0.units", 128);
    values.put("regularization.l2", 1e-5);
    values.put("training.batch-size-per-worker", 16);
    values.put("output.dir", "out/tune/trial-3");

    JobConfig trial = config.trialJob(values);

    assertThat(trial.recipe().optimizer().learningRate()).isEqualTo(0.0123);
    assertThat(trial.recipe().optimizer().type()).isEqualTo(OptimizerType.NESTEROV);
    assertThat(((LayerSpec.Dense) trial.recipe().model().layers().get(0)).units()).isEqualTo(128);
    assertThat(trial.recipe().regularization().l2()).isEqualTo(1e-5);
    assertThat(trial.batchSizePerWorker(10_000)).isEqualTo(16);
    assertThat(trial.outputDir()).isEqualTo("out/tune/trial-3");
    assertThat(trial.data()).isEqualTo(config.baseJob().data());
    assertThat(config.baseJob().recipe().optimizer().learningRate()).isEqualTo(0.001);
    assertThat(TuneConfigReader.trialYaml(config, values)).contains("0.0123").doesNotContain("tune:");
    // Every value a strategy can propose gives a valid job.
    for (int trialId = 0; trialId < 24; trialId++) {
      Map<String, Object> proposal = config.tune().searchStrategy().propose(trialId, List.of());
      assertThat(config.trialJob(proposal).recipe().optimizer().learningRate())
          .isEqualTo(proposal.get("optimizer.learning-rate"));
    }
  }

  @Test
  void overridesReachTheJobAndTheTuneSectionAndTheSeedDefaultsToTheJobs() throws Exception {
    String tune = TUNE.replace("  seed: 7\n", "");
    TuneConfig config = TuneConfigReader.read(example(tune),
        List.of("tune.trials=4", "optimizer.learning-rate=0.01", "tune.goal=min", "tune.strategy=tpe"));

    assertThat(config.tune().trials()).isEqualTo(4);
    assertThat(config.tune().goal()).isEqualTo(Goal.MINIMIZE);
    assertThat(config.tune().strategy()).isEqualTo(StrategyType.TPE);
    assertThat(config.tune().seed()).isEqualTo(42);
    assertThat(config.baseJob().recipe().optimizer().learningRate()).isEqualTo(0.01);
    assertThat(config.jobYaml()).contains("0.01");
  }

  @Test
  void gridTrialsDefaultToTheGridSize() throws Exception {
    Path file = write(JobConfigReaderTest.VALID + """
        tune:
          metric: test_loss
          strategy: grid
          space:
            optimizer.type: {choice: [sgd, nesterov, adam]}
            training.epochs: {int-uniform: [1, 4]}
        """);
    TuneConfig config = TuneConfigReader.read(file, List.of());
    assertThat(config.tune().trials()).isEqualTo(12);
    assertThat(config.tune().goal()).isEqualTo(Goal.MINIMIZE);
    assertThat(config.tune().space().dimensions().get(1)).isEqualTo(new IntUniform("training.epochs", 1, 4));
    assertThat(config.trialJob(config.tune().space().gridPoint(11)).training().epochs()).isEqualTo(4);
  }

  @Test
  void readsEveryKindOfDimension() throws Exception {
    TuneConfig config = TuneConfigReader.read(withSpace("model.layers.0.dropout: {uniform: [0.0, 0.5]},"
        + " data.shuffle: {choice: [true, false]}, model.layers.0.units: {int-uniform: [8, 32]}"), List.of());
    assertThat(config.tune().space().dimensions()).containsExactly(new Uniform("model.layers.0.dropout", 0, 0.5),
        new Choice("data.shuffle", List.of(true, false)), new IntUniform("model.layers.0.units", 8, 32));
    assertThat(config.trialJob(Map.of("data.shuffle", false)).data().shuffle()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "optimizer.lerning-rate: {log-uniform: [1.0e-4, 1.0e-1]} | tune.space.optimizer.lerning-rate",
      "optimizer.lerning-rate: {log-uniform: [1.0e-4, 1.0e-1]} | unknown key optimizer.lerning-rate",
      "optimizer.type: {choice: []} | tune.space.optimizer.type: choice must list at least one value",
      "optimizer.type: {choice: [sgd, adamm]} | tune.space.optimizer.type: the value adamm makes the job invalid",
      "optimizer.learning-rate: {uniform: [0.1, 0.01]} | tune.space.optimizer.learning-rate: uniform needs low",
      "optimizer.learning-rate: {log-uniform: [0.0, 0.1]} | tune.space.optimizer.learning-rate: log-uniform bounds",
      "optimizer.learning-rate: {log-uniform: [-1.0, 0.1]} | tune.space.optimizer.learning-rate: log-uniform bounds",
      "optimizer.learning-rate: {uniform: [0.0, 0.1]} | tune.space.optimizer.learning-rate: the value 0.0 makes",
      "model.layers.0.units: {uniform: [8, 32]} | tune.space.model.layers.0.units: the value 8.0 makes the job invalid",
      "model.layers.5.units: {choice: [8]} | tune.space.model.layers.5.units",
      "model.layers.0.units: {int-uniform: [8.5, 32]} | tune.space.model.layers.0.units.int-uniform must be",
      "optimizer.learning-rate: {uniform: 0.1} | tune.space.optimizer.learning-rate.uniform must be [low, high]",
      "optimizer.learning-rate: {normal: [0, 1]} | tune.space.optimizer.learning-rate must be one of",
      "optimizer.type: {choice: [[sgd]]} | tune.space.optimizer.type.choice values must be strings, numbers",
  })
  void badSpacesNameTheKey(String space, String message) throws Exception {
    Path file = withSpace(space);
    assertThatThrownBy(() -> TuneConfigReader.read(file, List.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tune.budget=3 | unknown key tune.budget",
      "tune.metric=null | tune.metric is required",
      "tune.space=null | tune.space is required",
      "tune.space={} | tune.space must be a non-empty mapping",
      "tune.goal=up | tune.goal must be max or min, got 'up'",
      "tune.metric=zebra | tune.goal cannot be inferred",
      "tune.metric=mse | tune.metric mse is a regression metric",
      "tune.metric=validation_accuracy | tune.metric validation_accuracy needs a validation split",
      "tune.strategy=bayes | tune.strategy must be one of grid, random, tpe",
      "tune.strategy=grid | tune.space.optimizer.learning-rate is a real range",
      "tune.trials=0 | tune.trials must be >= 1, got 0",
      "tune.trials=many | tune.trials must be an integer",
      "tune.trials=null | tune.trials is required for strategy random",
      "tune.seed=abc | tune.seed must be an integer",
      "tune.folds=1 | tune.folds must be 0 (no cross-validation) or >= 2, got 1",
      "tune.trial-workers=0 | tune.trial-workers must be >= 1, got 0",
      "tune.trial-workers=3 | tune.trial-workers must be at most spark.workers (2), got 3",
      "tune.early-stopping.type=hyperband | tune.early-stopping.type must be asha",
      "tune.early-stopping.min-epochs=0 | tune.early-stopping.min-epochs must be >= 1",
      "tune.early-stopping.max-epochs=0 | tune.early-stopping.max-epochs must be >=",
      "tune.early-stopping.reduction=1 | tune.early-stopping.reduction must be >= 2",
      "tune.early-stopping.patience=3 | unknown key tune.early-stopping.patience",
      "optimizer.learning-rate=-1 | optimizer.learning-rate",
  })
  void badTuneSectionsNameTheKey(String override, String message) throws Exception {
    Path file = example(TUNE);
    assertThatThrownBy(() -> TuneConfigReader.read(file, List.of(override)))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void aTuneConfigNeedsATuneSectionAndAJobConfigRejectsOne() throws Exception {
    Path plain = write(JobConfigReaderTest.VALID);
    assertThatThrownBy(() -> TuneConfigReader.read(plain, List.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("has no tune section");
    Path tune = example(TUNE);
    assertThatThrownBy(() -> JobConfigReader.read(tune, List.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key tune");
  }

  @Test
  void aTrialWhoseValuesBreakTheJobNamesTheSpace() throws Exception {
    TuneConfig config = TuneConfigReader.read(example(TUNE), List.of());
    assertThatThrownBy(() -> config.trialJob(Map.of("optimizer.learning-rate", "fast")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.space")
        .hasMessageContaining("optimizer.learning-rate must be a number");
  }
}
