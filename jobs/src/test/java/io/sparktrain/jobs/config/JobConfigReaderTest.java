package io.sparktrain.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.driver.checkpoint.CheckpointSpec;
import io.sparktrain.driver.data.BadRowPolicy;
import io.sparktrain.driver.data.DataFormat;
import io.sparktrain.driver.data.Normalization;
import io.sparktrain.driver.data.OnBadRow;
import io.sparktrain.driver.train.AveragingSpec;
import io.sparktrain.driver.train.BatchSize;
import io.sparktrain.driver.train.EarlyStoppingSpec;
import io.sparktrain.driver.train.LearningRateScaling;
import io.sparktrain.driver.train.StoppingMetric;
import io.sparktrain.driver.train.TrainingMode;
import io.sparktrain.driver.train.TrainingSpec;
import io.sparktrain.driver.train.Transport;
import io.sparktrain.ps.shard.Compression;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.DecayUnit;
import io.sparktrain.kernels.config.ImageShape;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.ScheduleSpec;
import io.sparktrain.kernels.config.SequenceShape;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.model.NetworkShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

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
    assertThat(config.recipe().model().layers().get(1)).isInstanceOf(LayerSpec.Output.class);
    assertThat(config.recipe().optimizer().type()).isEqualTo(OptimizerType.NESTEROV);
    assertThat(config.recipe().optimizer().momentum()).isEqualTo(0.8);
    assertThat(config.batchSizePerWorker(1000)).isEqualTo(32);
    assertThat(config.outputDir()).isEqualTo("out/demo");
  }

  @Test
  void badRowsFailByDefaultAndSkipUpToTheDefaultOrGivenFraction(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    assertThat(JobConfigReader.read(file, List.of()).data().badRows()).isEqualTo(BadRowPolicy.FAIL);
    assertThat(JobConfigReader.read(file, List.of("data.on-bad-row=skip")).data().badRows())
        .isEqualTo(new BadRowPolicy(OnBadRow.SKIP, 0.01));
    assertThat(JobConfigReader.read(file, List.of("data.on-bad-row=skip", "data.max-bad-fraction=0.25")).data()
        .badRows()).isEqualTo(BadRowPolicy.skip(0.25));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1.5 | data.max-bad-fraction must be in [0, 1], got 1.5",
      "-0.1 | data.max-bad-fraction must be in [0, 1], got -0.1",
      "lots | data.max-bad-fraction must be a number, got 'lots'",
  })
  void aMaxBadFractionOutsideZeroToOneIsAConfigError(String value, String message, @TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    assertThatThrownBy(() -> JobConfigReader.read(file, List.of("data.on-bad-row=skip", "data.max-bad-fraction=" + value)))
        .isInstanceOf(ConfigException.class).hasMessage(message);
  }

  @Test
  void withoutAScheduleTheRateIsFixedAndTheBatchIsPerWorkerUnscaled() {
    JobConfig config = JobConfigReader.parse(VALID);

    assertThat(config.recipe().schedule()).isEqualTo(ScheduleSpec.fixed());
    assertThat(config.training().batchSize()).isEqualTo(BatchSize.perWorker(32));
    assertThat(config.batchSizePerWorker(1000)).isEqualTo(32);
    assertThat(config.training().lrScaling()).isEqualTo(LearningRateScaling.NONE);
  }

  @Test
  void readsEveryScheduleKeyOntoTheScheduleSpec() {
    JobConfig step = JobConfigReader.parse(VALID + """
        schedule: {type: step, decay-rate: 0.5, decay-every: 3, decay-unit: epoch, warmup-steps: 100,
                   warmup-start-factor: 0.25}
        """);
    JobConfig inverse = JobConfigReader.parse(VALID + "schedule: {type: inverse-time, decay-rate: 0.01, power: 0.75}\n");
    JobConfig polynomial = JobConfigReader.parse(VALID + "schedule: {type: polynomial, power: 2, min-rate: 0.001}\n");
    JobConfig cosine = JobConfigReader.parse(VALID + "schedule: {type: cosine, warmup-steps: 50}\n");

    assertThat(step.recipe().schedule())
        .isEqualTo(ScheduleSpec.step(0.5, 3, DecayUnit.EPOCH).withWarmup(100, 0.25));
    assertThat(inverse.recipe().schedule()).isEqualTo(ScheduleSpec.inverseTime(0.01, 0.75, DecayUnit.STEP));
    assertThat(polynomial.recipe().schedule()).isEqualTo(ScheduleSpec.polynomial(2, 0.001));
    assertThat(cosine.recipe().schedule()).isEqualTo(ScheduleSpec.cosine(0).withWarmup(50, 0));
  }

  @Test
  void aGlobalBatchIsSplitAcrossTheWorkersAndLrScalingIsRead(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    JobConfig config = JobConfigReader.read(file, List.of("training={global-batch-size: 96, lr-scaling: sqrt}",
        "spark.workers=3"));

    assertThat(config.training().batchSize()).isEqualTo(BatchSize.global(96));
    assertThat(config.batchSizePerWorker(1000)).isEqualTo(32);
    assertThat(config.training().lrScaling()).isEqualTo(LearningRateScaling.SQRT);
  }

  @Test
  void readsTheParamAveragingModeAndItsKeysWithTheirDefaults(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    JobConfig sync = JobConfigReader.read(file, List.of());
    JobConfig defaults = JobConfigReader.read(file, List.of("training.mode=param-averaging"));
    JobConfig set = JobConfigReader.read(file, List.of(
        "training={mode: param-averaging, averaging-frequency: 1, average-updater-state: false}"));

    assertThat(sync.training().mode()).isEqualTo(TrainingMode.SYNC_GRADIENT);
    assertThat(sync.training().averaging()).isNull();
    assertThat(defaults.training().mode()).isEqualTo(TrainingMode.PARAM_AVERAGING);
    assertThat(defaults.training().averaging()).isEqualTo(new AveragingSpec(5, true)).isEqualTo(AveragingSpec.defaults());
    assertThat(set.training().averaging()).isEqualTo(new AveragingSpec(1, false));
    assertThat(set.training()).isEqualTo(new TrainingSpec(TrainingMode.PARAM_AVERAGING, Transport.DRIVER,
        BatchSize.perWorker(64), 5, 100, LearningRateScaling.NONE, new AveragingSpec(1, false), null));
  }

  @Test
  void readsTheShardedPsTransportAndItsCompression(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    JobConfig plain = JobConfigReader.read(file, List.of("training.transport=sharded-ps"));
    JobConfig topK = JobConfigReader.read(file, List.of(
        "training={transport: sharded-ps, compression: {type: top-k, fraction: 0.05}}"));
    JobConfig threshold = JobConfigReader.read(file, List.of(
        "training={transport: sharded-ps, compression: {type: threshold, threshold: 0.5}}"));

    assertThat(plain.training().transport()).isEqualTo(Transport.SHARDED_PS);
    assertThat(plain.training().compression()).isEqualTo(Compression.NONE);
    assertThat(topK.training().compression()).isEqualTo(Compression.topK(0.05));
    assertThat(threshold.training().compression()).isEqualTo(Compression.threshold(0.5));
  }

  @Test
  void overridesSetNestedKeysAndListItemsWithYamlTypes(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    JobConfig config = JobConfigReader.read(file, List.of("training.epochs=9", "model.layers.0.units=64",
        "model.layers.0.activation=tanh", "data.shuffle=false"));

    assertThat(config.training().epochs()).isEqualTo(9);
    assertThat(config.recipe().model().layers().get(0))
        .isEqualTo(new LayerSpec.Dense(64, Activation.TANH, 0.1));
    assertThat(config.data().shuffle()).isFalse();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "training.epochs | 0 | training.epochs must be >= 1, got 0",
      "training.epochs | three | training.epochs must be an integer, got 'three'",
      "training.batch-size-per-worker | -4 | training.batch-size-per-worker must be >= 1, got -4",
      "training.mode | async | training.mode must be one of sync-gradient, param-averaging, got 'async'",
      "training | {mode: param-averaging, averaging-frequency: 0} | training.averaging-frequency must be >= 1, got 0",
      "training | {mode: param-averaging, averaging-frequency: -5} | training.averaging-frequency must be >= 1, got -5",
      "training | {mode: param-averaging, averaging-frequency: 2.5} | training.averaging-frequency must be an integer, got '2.5'",
      "training | {mode: param-averaging, averaging-frequency: often} | training.averaging-frequency must be an integer, got 'often'",
      "training | {mode: param-averaging, average-updater-state: maybe} | training.average-updater-state must be true or false, got 'maybe'",
      "training | {mode: param-averaging, average-updater-state: 1} | training.average-updater-state must be true or false, got '1'",
      "training.averaging-frequency | 5 | training.averaging-frequency applies only to training.mode param-averaging, got training.mode sync-gradient; remove it or set training.mode: param-averaging",
      "training.average-updater-state | false | training.average-updater-state applies only to training.mode param-averaging, got training.mode sync-gradient",
      "training | {mode: sync-gradient, average-updater-state: true} | training.average-updater-state applies only to training.mode param-averaging",
      "training.averaging | 5 | unknown key training.averaging; allowed here: mode, transport, batch-size-per-worker, global-batch-size, full-batch, epochs, log-every-steps, lr-scaling, averaging-frequency, average-updater-state, early-stopping, compression",
      "training.transport | carrier-pigeon | training.transport must be one of driver, sharded-ps, got 'carrier-pigeon'",
      "training | {transport: sharded-ps, mode: param-averaging} | training.transport sharded-ps runs training.mode sync-gradient only, got training.mode param-averaging",
      "training | {compression: {type: top-k, fraction: 0.1}} | training.compression applies only to training.transport sharded-ps, got training.transport driver",
      "training | {transport: sharded-ps, compression: {type: gzip}} | training.compression.type must be one of none, threshold, top-k, got 'gzip'",
      "training | {transport: sharded-ps, compression: {type: threshold}} | training.compression.threshold must be > 0, got 0.0",
      "training | {transport: sharded-ps, compression: {type: threshold, threshold: -1}} | training.compression.threshold must be > 0, got -1.0",
      "training | {transport: sharded-ps, compression: {type: threshold, threshold: 0.1, fraction: 0.5}} | training.compression.fraction applies to type top-k only, got 0.5 with type threshold",
      "training | {transport: sharded-ps, compression: {type: top-k}} | training.compression.fraction must be in (0, 1], got 0.0",
      "training | {transport: sharded-ps, compression: {type: top-k, fraction: 1.5}} | training.compression.fraction must be in (0, 1], got 1.5",
      "training | {transport: sharded-ps, compression: {type: top-k, fraction: 0.1, threshold: 0.5}} | training.compression.threshold applies to type threshold only, got 0.5 with type top-k",
      "training | {transport: sharded-ps, compression: {type: none, fraction: 0.5}} | training.compression.threshold and .fraction need type threshold or top-k",
      "training.compression | {level: 3} | unknown key training.compression.level; allowed here: type, threshold, fraction",
      "training.epoch | 3 | unknown key training.epoch; allowed here: mode, transport, batch-size-per-worker, global-batch-size, full-batch",
      "training.full-batch | always | training.full-batch must be true or false, got 'always'",
      "training.full-batch | true | training.full-batch takes every training example in one step and cannot be combined with training.batch-size-per-worker (got 32)",
      "training | {full-batch: true, global-batch-size: 64} | training.full-batch takes every training example in one step and cannot be combined with training.global-batch-size (got 64)",
      "data.validation-fraction | 1 | data.validation-fraction must be in [0, 1), got 1.0",
      "data.validation-fraction | -0.1 | data.validation-fraction must be in [0, 1), got -0.1",
      "data.validation-fraction | many | data.validation-fraction must be a number, got 'many'",
      "training.early-stopping | {patience: 3} | training.early-stopping needs a validation split: set data.validation-fraction > 0 (it is 0.0)",
      "training.early-stopping | true | training.early-stopping must be a mapping of keys, got a boolean",
      "training.early-stopping | {metric: auc} | training.early-stopping.metric must be one of loss, accuracy, precision-macro, recall-macro, f1-macro, roc-auc, mse, mae, r2, got 'auc'",
      "training.early-stopping | {patience: 0} | training.early-stopping.patience must be >= 1, got 0",
      "training.early-stopping | {patience: 2.5} | training.early-stopping.patience must be an integer, got '2.5'",
      "training.early-stopping | {min-delta: -0.01} | training.early-stopping.min-delta must be a finite number >= 0, got -0.01",
      "training.early-stopping | {min-delta: 1e999} | training.early-stopping.min-delta must be a finite number >= 0, got Infinity",
      "training.early-stopping | {mode: max} | unknown key training.early-stopping.mode; allowed here: metric, patience, min-delta",
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
      "schedule.type | cyclic | schedule.type must be one of fixed, exponential, step, inverse-time, polynomial, cosine, got 'cyclic'",
      "schedule.type | [cosine] | schedule.type must be a single value, got a list",
      "schedule.decay | 0.5 | unknown key schedule.decay; allowed here: type, decay-rate, decay-every, decay-unit",
      "schedule.decay-rate | 0.5 | schedule.decay-rate does not apply to schedule.type fixed; its keys are type, warmup-steps, warmup-start-factor",
      "schedule | {type: cosine, decay-every: 2} | schedule.decay-every does not apply to schedule.type cosine; its keys are type, min-rate, warmup-steps",
      "schedule | {type: exponential, power: 2} | schedule.power does not apply to schedule.type exponential",
      "schedule | {type: exponential} | schedule.decay-rate is required for schedule.type exponential",
      "schedule | {type: exponential, decay-rate: 1.5} | schedule.decay-rate must be in (0, 1) for schedule.type exponential, got 1.5",
      "schedule | {type: exponential, decay-rate: fast} | schedule.decay-rate must be a number, got 'fast'",
      "schedule | {type: step, decay-rate: 0} | schedule.decay-every is required for schedule.type step",
      "schedule | {type: step, decay-rate: 0, decay-every: 2} | schedule.decay-rate must be in (0, 1) for schedule.type step, got 0.0",
      "schedule | {type: step, decay-rate: 0.5, decay-every: 0} | schedule.decay-every must be >= 1, got 0",
      "schedule | {type: step, decay-rate: 0.5, decay-every: 1.5} | schedule.decay-every must be an integer, got '1.5'",
      "schedule | {type: step, decay-rate: 0.5, decay-every: 2, decay-unit: week} | schedule.decay-unit must be one of step, epoch, got 'week'",
      "schedule | {type: inverse-time, decay-rate: -1} | schedule.decay-rate must be > 0, got -1.0",
      "schedule | {type: inverse-time, decay-rate: 0.1, power: 0} | schedule.power must be > 0, got 0.0",
      "schedule | {type: polynomial, power: -2} | schedule.power must be > 0, got -2.0",
      "schedule | {type: polynomial, min-rate: x} | schedule.min-rate must be a number, got 'x'",
      "schedule | {type: cosine, min-rate: -0.1} | schedule.min-rate must be >= 0, got -0.1",
      "schedule | {type: cosine, min-rate: 0.05} | schedule.min-rate must be < optimizer.learning-rate (0.05), got 0.05",
      "schedule.warmup-steps | -5 | schedule.warmup-steps must be >= 0, got -5",
      "schedule.warmup-steps | 2.5 | schedule.warmup-steps must be an integer, got '2.5'",
      "schedule | {warmup-steps: 10, warmup-start-factor: 1} | schedule.warmup-start-factor must be in [0.0, 1.0), got 1.0",
      "schedule | {warmup-steps: 10, warmup-start-factor: -0.5} | schedule.warmup-start-factor must be in [0.0, 1.0), got -0.5",
      "schedule.warmup-start-factor | 0.1 | schedule.warmup-start-factor applies only with schedule.warmup-steps > 0, got 0.1",
      "training.lr-scaling | quadratic | training.lr-scaling must be one of none, linear, sqrt, got 'quadratic'",
      "training.lr-scaling | {factor: 2} | training.lr-scaling must be a single value, got a mapping",
      "training.global-batch-size | 64 | training.batch-size-per-worker and training.global-batch-size are alternatives: set one of them, got 32 and 64",
      "training | {global-batch-size: 63} | training.global-batch-size (63) must be divisible by spark.workers (2); use a multiple of 2",
      "training | {global-batch-size: 1} | training.global-batch-size (1) must be divisible by spark.workers (2)",
      "training | {global-batch-size: 0} | training.global-batch-size must be >= 1, got 0",
      "training | {global-batch-size: 6.5} | training.global-batch-size must be an integer, got '6.5'",
      "spark.workers | 0 | spark.workers must be >= 1, got 0",
      "spark.master | \"\" | spark.master must not be blank",
      "spark.master | [local] | spark.master must be a single value, got a list",
      "data.test | \"\" | data.test must not be blank: omit it for no test data",
      "data.test | {path: x} | data.test must be a single value, got a mapping",
      "optimizer.beta2 | 1.0 | optimizer.beta2 must be in [0.0, 1.0), got 1.0",
      "training.log-every-steps | 0 | training.log-every-steps must be >= 1, got 0",
      "output.dir | \"\" | output.dir is required",
      "data.format | parquet | data.format must be one of idx, csv, libsvm, got 'parquet'",
      "data.classes | 1 | data.classes must be >= 2 (or omitted for regression), got 1",
      "data.normalize | minmax | data.normalize must be one of scale, standardize, none, got 'minmax'",
      "data.shuffle | maybe | data.shuffle must be true or false, got 'maybe'",
      "data.label | price | data.label must be a 0-based column index when data.header is false, got 'price'",
      "data.train | '' | data.train is required",
      "data.on-bad-row | ignore | data.on-bad-row must be one of fail, skip, got 'ignore'",
      "data.max-bad-fraction | 0.05 | data.max-bad-fraction applies only with data.on-bad-row: skip, got 0.05",
      "model.init | zeros | model.init must be one of xavier, xavier-uniform, he, he-uniform, got 'zeros'",
      "model.layers.0.units | 0 | model.layers[0].units must be > 0 for a dense layer, got 0",
      "model.layers.0.dropout | 1.0 | model.layers[0].dropout must be in [0.0, 1.0), got 1.0",
      "model.layers.0 | {type: convolution, filters: 4} | model.layers[0].kernel is required: an integer or [height, width]",
      "model.layers.0.type | convolution | unknown key model.layers[0].units; allowed here: type, filters, kernel",
      "model.input.height | 0 | model.input height, width and channels must be > 0, got 0x0x1",
      "model.input.depth | 3 | unknown key model.input.depth; allowed here: height, width, channels",
      "model.layers.0.activation | relux | model.layers[0].activation must be one of",
      "model.layers.0.type | conv | model.layers[0].type must be one of dense, output, convolution, subsampling, batch-normalization, lstm, embedding, global-pooling, got 'conv'",
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
      "checkpoint | {every-steps: 5} | checkpoint.dir is required",
      "checkpoint | {dir: ck, every-steps: -1} | checkpoint.every-steps must be >= 0 (0: at epoch ends only), got -1",
      "checkpoint | {dir: ck, every-steps: 2.5} | checkpoint.every-steps must be an integer, got '2.5'",
      "checkpoint | {dir: ck, keep-last: 0} | checkpoint.keep-last must be >= 1, got 0",
      "checkpoint | {dir: ck, keep: 2} | unknown key checkpoint.keep; allowed here: dir, every-steps, keep-last",
      "checkpoint | ck | checkpoint must be a mapping of keys, got a string",
  })
  void aBadValueNamesTheKeyTheValueAndWhatIsAllowed(String key, String value, String message,
      @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    assertThatThrownBy(() -> JobConfigReader.read(file, List.of(key + "=" + value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{metric: mse} | data.classes=3 | training.early-stopping.metric mse does not apply to classification with 3 classes",
      "{metric: roc-auc} | data.classes=3 | training.early-stopping.metric roc-auc does not apply to classification with 3 classes; it applies to two-class classification",
      "{metric: accuracy} | data.classes=0 | training.early-stopping.metric accuracy does not apply to regression",
  })
  void anEarlyStoppingMetricMustExistForTheTask(String stopping, String classes, String message,
      @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    assertThatThrownBy(() -> JobConfigReader.read(file, List.of("data.validation-fraction=0.2", classes,
        "model.layers.1={type: output}", "training.early-stopping=" + stopping)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void readsTheCheckpointKeysWithTheirDefaults(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    JobConfig none = JobConfigReader.read(file, List.of());
    JobConfig every = JobConfigReader.read(file, List.of("checkpoint={dir: hdfs://nn/ck, every-steps: 50, keep-last: 2}"));
    JobConfig defaults = JobConfigReader.read(file, List.of("checkpoint.dir=ck"));

    assertThat(none.checkpoint()).isNull();
    assertThat(every.checkpoint()).isEqualTo(new CheckpointSpec("hdfs://nn/ck", 50, 2));
    assertThat(defaults.checkpoint()).isEqualTo(new CheckpointSpec("ck", 0, 3));
  }

  @Test
  void readsTheValidationSplitEarlyStoppingAndFullBatchKeys(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID);

    JobConfig config = JobConfigReader.read(file, List.of("data.validation-fraction=0.25",
        "training={full-batch: true, early-stopping: {metric: f1-macro, patience: 3, min-delta: 0.01}}"));
    JobConfig defaults = JobConfigReader.read(file, List.of("data.validation-fraction=0.1",
        "training.early-stopping={}"));

    assertThat(config.data().validationFraction()).isEqualTo(0.25);
    assertThat(config.training().batchSize()).isEqualTo(BatchSize.full());
    assertThat(config.batchSizePerWorker(1001)).isEqualTo(501);
    assertThat(config.training().earlyStopping()).isEqualTo(new EarlyStoppingSpec(StoppingMetric.F1_MACRO, 3, 0.01));
    assertThat(defaults.training().earlyStopping())
        .isEqualTo(new EarlyStoppingSpec(StoppingMetric.LOSS, EarlyStoppingSpec.DEFAULT_PATIENCE, 0));
    assertThat(JobConfigReader.parse(VALID).data().validationFraction()).isZero();
    assertThat(JobConfigReader.parse(VALID).training().earlyStopping()).isNull();
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
  void readsImageLayersWithSquareOrRectangularWindows() {
    String yaml = VALID.replace("  init: he\n  layers:\n", "  init: he\n  input: {height: 12, width: 10, channels: 2}\n"
        + "  layers:\n    - {type: convolution, filters: 6, kernel: [3, 5], padding: 1}\n"
        + "    - {type: subsampling, pooling: avg}\n");

    JobConfig config = JobConfigReader.parse(yaml);

    assertThat(config.recipe().model().input()).isEqualTo(new ImageShape(12, 10, 2));
    assertThat(config.recipe().model().layers().get(0)).isEqualTo(new LayerSpec.Convolution(6,
        new LayerSpec.Window(3, 5), LayerSpec.Window.square(1), LayerSpec.Window.square(1), Activation.RELU, 0));
    assertThat(config.recipe().model().layers().get(1)).isEqualTo(new LayerSpec.Subsampling(LayerSpec.Pooling.AVG,
        LayerSpec.Window.square(2), LayerSpec.Window.square(2), LayerSpec.Window.square(0)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{type: convolution, filters: 0, kernel: 3} | model.layers[0].filters must be > 0, got 0",
      "{type: convolution, filters: 4, kernel: [3]} | model.layers[0].kernel must be an integer or [height, width], got a list",
      "{type: convolution, filters: 4, kernel: 3, stride: 0} | model.layers[0].stride must be > 0 in both dimensions, got [0, 0]",
      "{type: convolution, filters: 4, kernel: 3, padding: -1} | model.layers[0].padding must be >= 0, got [-1, -1]",
      "{type: subsampling, pooling: median} | model.layers[0].pooling must be one of max, avg, got 'median'",
      "{type: subsampling, filters: 3} | unknown key model.layers[0].filters; allowed here: type, pooling, kernel",
  })
  void badImageLayersNameTheKey(String layer, String message) {
    String yaml = VALID.replace("  init: he\n  layers:\n",
        "  init: he\n  input: {height: 8, width: 8, channels: 1}\n  layers:\n    - " + layer + "\n");

    assertThatThrownBy(() -> JobConfigReader.parse(yaml)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void readsBatchNormalizationWithDl4jsDefaults() {
    String yaml = VALID.replace("dropout: 0.1}\n", "dropout: 0.1}\n    - {type: batch-normalization}\n"
        + "    - {type: dense, units: 8, activation: identity}\n"
        + "    - {type: batch-normalization, decay: 0.95, epsilon: 0.001, activation: relu}\n");

    List<LayerSpec> layers = JobConfigReader.parse(yaml).recipe().model().layers();

    assertThat(layers.get(1)).isEqualTo(new LayerSpec.BatchNormalization(0.9, 1e-5, Activation.IDENTITY));
    assertThat(layers.get(3)).isEqualTo(new LayerSpec.BatchNormalization(0.95, 1e-3, Activation.RELU));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{type: batch-normalization, decay: 1.5} | model.layers[1].decay must be in (0, 1), got 1.5",
      "{type: batch-normalization, decay: 0} | model.layers[1].decay must be in (0, 1), got 0.0",
      "{type: batch-normalization, epsilon: 0} | model.layers[1].epsilon must be > 0, got 0.0",
      "{type: batch-normalization, epsilon: tiny} | model.layers[1].epsilon must be a number, got 'tiny'",
      "{type: batch-normalization, activation: relux} | model.layers[1].activation must be one of",
      "{type: batch-normalization, units: 4} | unknown key model.layers[1].units; allowed here: type, decay, epsilon,"
          + " activation",
      "{type: batch-normalization, dropout: 0.5} | unknown key model.layers[1].dropout",
  })
  void badBatchNormalizationNamesTheKey(String layer, String message) {
    String yaml = VALID.replace("dropout: 0.1}\n", "dropout: 0.1}\n    - " + layer + "\n");

    assertThatThrownBy(() -> JobConfigReader.parse(yaml)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void batchNormalizationFollowsADenseOrConvolutionLayer() {
    String first = VALID.replace("    - {type: dense, units: 16", "    - {type: batch-normalization}\n"
        + "    - {type: dense, units: 16");
    String afterPooling = VALID.replace("  init: he\n  layers:\n", "  init: he\n  input: {height: 8, width: 8}\n"
        + "  layers:\n    - {type: convolution, filters: 2, kernel: 3}\n    - {type: subsampling}\n"
        + "    - {type: batch-normalization}\n");

    assertThatThrownBy(() -> JobConfigReader.parse(first)).isInstanceOf(ConfigException.class).hasMessageContaining(
        "model.layers[0]: a batch-normalization layer must follow a dense or convolution layer, got the input");
    assertThatThrownBy(() -> JobConfigReader.parse(afterPooling)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.layers[2]: a batch-normalization layer must follow a dense or convolution layer,"
            + " got a subsampling layer");
  }

  @Test
  void layerNamesAreReadAndFreezeUpToFreezesThroughTheNamedLayer() {
    String yaml = VALID.replace("  init: he\n", "  init: he\n  freeze-up-to: hidden\n")
        .replace("{type: dense, units: 16,", "{type: dense, name: features, units: 16,")
        .replace("dropout: 0.1}\n", "dropout: 0.1}\n    - {type: dense, units: 8, name: hidden}\n")
        .replace("{type: output,", "{type: output, name: head,");

    ModelSpec model = JobConfigReader.parse(yaml).recipe().model();

    assertThat(model.names()).containsExactly("features", "hidden", "head");
    assertThat(model.frozenLayers()).isEqualTo(2);
  }

  @Test
  void fineTuningLayersWithoutANameTakeThePretrainedNames(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID.replace("  init: he\n",
        "  init: he\n  freeze-up-to: layer0\n"));

    ModelSpec model = JobConfigReader.read(file, List.of(), List.of("layer0")).recipe().model();
    ModelSpec renamed = JobConfigReader.read(file, List.of("model.layers.0.name=mine", "model.freeze-up-to=mine"),
        List.of("layer0")).recipe().model();

    assertThat(model.names()).containsExactly("layer0", null);
    assertThat(model.frozenLayers()).isEqualTo(1);
    assertThat(renamed.names()).containsExactly("mine", null);
    assertThat(renamed.frozenLayers()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "model.freeze-up-to | nope | model.freeze-up-to names no layer, got 'nope'; the layer names are a, b",
      "model.freeze-up-to | b | model.freeze-up-to names the output layer 'b', which always trains; name a hidden layer",
      "model.layers.1.name | a | model.layers[1].name 'a' is already the name of model.layers[0]; layer names must be"
          + " unique",
      "model.layers.0.name | \"\" | model.layers[0].name must not be blank",
      "model.layers.0.name | [a] | model.layers[0].name must be a single value, got a list",
      "model.freeze-layers | 1 | model.freeze-layers and model.freeze-up-to are alternatives: set one of them, got 1"
          + " and 'a'",
      "model.layers.0.nam | x | unknown key model.layers[0].nam; allowed here: type, units, activation, dropout, name",
  })
  void badLayerNamesAndFreezeUpToNameTheKey(String key, String value, String message, @TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID.replace("  init: he\n", "  init: he\n  freeze-up-to: a\n")
        .replace("{type: dense, units: 16,", "{type: dense, name: a, units: 16,")
        .replace("{type: output,", "{type: output, name: b,"));

    assertThatThrownBy(() -> JobConfigReader.read(file, List.of(key + "=" + value)))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void freezeUpToNeedsNamedLayers() {
    String yaml = VALID.replace("  init: he\n", "  init: he\n  freeze-up-to: layer0\n");

    assertThatThrownBy(() -> JobConfigReader.parse(yaml)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.freeze-up-to names no layer, got 'layer0'; no layer has a name");
  }

  @Test
  void aDl4jJsonConfigIsReadAsTheModelWithItsLayerNames(@TempDir Path dir) throws Exception {
    Path conf = Files.writeString(dir.resolve("conf.json"), new NeuralNetConfiguration.Builder().list()
        .layer(new DenseLayer.Builder().name("features").nIn(4).nOut(5).build())
        .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
        .build().toJson());
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID.replaceAll("(?s)model:.*?optimizer:",
        "model: {dl4j-config: " + conf + ", freeze-up-to: features}\noptimizer:"));

    ModelSpec model = JobConfigReader.read(file, List.of()).recipe().model();

    assertThat(model.dl4j().source()).isEqualTo(conf.toString());
    assertThat(model.layers()).isEmpty();
    assertThat(model.names()).containsExactly("features", "layer1");
    assertThat(model.frozenLayers()).isEqualTo(1);
    assertThatThrownBy(() -> JobConfigReader.read(file, List.of("data.classes=4"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.dl4j-config " + conf + ": the output layer has nOut 3 but the data needs 4"
            + " (data.classes)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "model.layers | [{type: output}] | model.layers and model.dl4j-config are alternatives",
      "model.init | he | model.init and model.dl4j-config are alternatives",
      "model.input | {height: 2, width: 2} | model.input and model.dl4j-config are alternatives",
      "model.dl4j-config | /no/such/conf.json | model.dl4j-config /no/such/conf.json: no such file",
      "model.dl4j-config | '' | model.dl4j-config is required",
      "model.freeze-layers | 2 | model.freeze-layers must be in [0, 1] (the output layer always trains), got 2",
      "model.freeze-up-to | layer1 | model.freeze-up-to names the output layer 'layer1'",
  })
  void badDl4jConfigsNameTheKey(String key, String value, String message, @TempDir Path dir) throws Exception {
    Path conf = Files.writeString(dir.resolve("conf.json"), new NeuralNetConfiguration.Builder().list()
        .layer(new DenseLayer.Builder().nIn(4).nOut(5).build())
        .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
        .build().toJson());
    Path file = Files.writeString(dir.resolve("job.yaml"), VALID.replaceAll("(?s)model:.*?optimizer:",
        "model: {dl4j-config: " + conf + "}\noptimizer:"));

    assertThatThrownBy(() -> JobConfigReader.read(file, List.of(key + "=" + value)))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void aModelNeedsLayersOrADl4jConfigAndABrokenJsonFileIsNamed(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"confs\": [");
    String neither = VALID.replaceAll("(?s)model:.*?optimizer:", "model: {init: he}\noptimizer:");
    String brokenFile = VALID.replaceAll("(?s)model:.*?optimizer:", "model: {dl4j-config: " + broken + "}\noptimizer:");

    assertThatThrownBy(() -> JobConfigReader.parse(neither)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.layers or model.dl4j-config is required");
    assertThatThrownBy(() -> JobConfigReader.parse(brokenFile)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.dl4j-config " + broken + " is not a DL4J MultiLayerConfiguration JSON");
  }

  @Test
  void imageLayersNeedAnImageInputAndComeBeforeDenseLayers() {
    String noInput = VALID.replace("    - {type: dense, units: 16", "    - {type: subsampling}\n    - {type: dense, units: 16");
    String afterDense = VALID.replace("  init: he\n", "  init: he\n  input: {height: 8, width: 8, channels: 1}\n")
        .replace("dropout: 0.1}\n", "dropout: 0.1}\n    - {type: subsampling}\n");

    assertThatThrownBy(() -> JobConfigReader.parse(noInput)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.layers[0] is a subsampling layer: set model.input {height, width, channels}");
    assertThatThrownBy(() -> JobConfigReader.parse(afterDense)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.layers[1]: a subsampling layer cannot follow a dense layer");
  }

  /** {@link #VALID} with another model: {@code input} (a YAML mapping or "") and the layers before the output. */
  private static String sequenceJob(String normalize, String input, String... layers) {
    StringBuilder model = new StringBuilder("  init: he\n");
    if (!input.isEmpty()) {
      model.append("  input: ").append(input).append('\n');
    }
    model.append("  layers:\n");
    for (String layer : layers) {
      model.append("    - ").append(layer).append('\n');
    }
    model.append("    - {type: output}\n");
    return VALID.replace("normalize: standardize", "normalize: " + normalize)
        .replaceAll("(?s)  init: he\n.*loss: mcxent\\}\n", java.util.regex.Matcher.quoteReplacement(model.toString()));
  }

  @Test
  void readsSequenceInputLstmEmbeddingAndGlobalPoolingLayers() {
    JobConfig lstm = JobConfigReader.parse(sequenceJob("scale", "{steps: 28, features: 28}",
        "{type: lstm, units: 64, return-sequences: true, dropout: 0.2}", "{type: lstm, units: 32, activation: softsign}"));
    JobConfig tokens = JobConfigReader.parse(sequenceJob("none", "{steps: 12}",
        "{type: embedding, vocabulary: 100, units: 8}", "{type: global-pooling, pooling: max}"));
    JobConfig token = JobConfigReader.parse(sequenceJob("none", "", "{type: embedding, vocabulary: 5, units: 2}"));

    assertThat(lstm.recipe().model().input()).isEqualTo(new SequenceShape(28, 28));
    assertThat(lstm.recipe().model().layers()).startsWith(new LayerSpec.Lstm(64, Activation.TANH, true, 0.2),
        new LayerSpec.Lstm(32, Activation.SOFTSIGN, false, 0));
    assertThat(tokens.recipe().model().input()).as("one token id per step by default").isEqualTo(new SequenceShape(12, 1));
    assertThat(tokens.recipe().model().layers()).startsWith(new LayerSpec.Embedding(100, 8),
        new LayerSpec.GlobalPooling(LayerSpec.Pooling.MAX));
    assertThat(JobConfigReader.parse(sequenceJob("none", "{steps: 12}", "{type: embedding, vocabulary: 9, units: 3}",
        "{type: global-pooling}")).recipe().model().layers().get(1)).isEqualTo(new LayerSpec.GlobalPooling(LayerSpec.Pooling.AVG));
    assertThat(token.recipe().model().input()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{steps: 0, features: 3} | {type: lstm, units: 4} | model.input.steps must be > 0, got 0",
      "{steps: 4, features: 0} | {type: lstm, units: 4} | model.input.features must be > 0, got 0",
      "{steps: 4, features: 3, height: 2} | {type: lstm, units: 4} | model.input is either an image {height, width, channels} or a sequence {steps, features}, got keys of both",
      "{steps: 4, depth: 3} | {type: lstm, units: 4} | unknown key model.input.depth",
      "{steps: 4, features: 3} | {type: lstm, units: 0} | model.layers[0].units must be > 0 for an lstm layer, got 0",
      "{steps: 4, features: 3} | {type: lstm, units: 4, activation: wiggle} | model.layers[0].activation must be one of",
      "{steps: 4, features: 3} | {type: lstm, units: 4, return-sequences: maybe} | model.layers[0].return-sequences must be true or false",
      "{steps: 4, features: 3} | {type: lstm, units: 4, dropout: 1.0} | model.layers[0].dropout must be in [0.0, 1.0), got 1.0",
      "{steps: 4, features: 3} | {type: lstm, units: 4, kernel: 3} | unknown key model.layers[0].kernel; allowed here: type, units, activation, return-sequences, dropout",
      "{steps: 4, features: 1} | {type: embedding, vocabulary: 0, units: 4} | model.layers[0].vocabulary must be >= 1, got 0",
      "{steps: 4, features: 1} | {type: embedding, vocabulary: 2.5, units: 4} | model.layers[0].vocabulary must be an integer",
      "{steps: 4, features: 1} | {type: embedding, vocabulary: 10, units: 0} | model.layers[0].units must be > 0 for an embedding layer, got 0",
      "{steps: 4, features: 1} | {type: embedding, vocabulary: 10, units: 4, dropout: 0.1} | unknown key model.layers[0].dropout; allowed here: type, vocabulary, units",
      "{steps: 4, features: 3} | {type: global-pooling, pooling: median} | model.layers[0].pooling must be one of max, avg, got 'median'",
      "{steps: 4, features: 3} | {type: global-pooling, dropout: 0.5} | unknown key model.layers[0].dropout; allowed here: type, pooling",
  })
  void badSequenceKeysNameTheKey(String input, String layer, String message) {
    String yaml = sequenceJob("none", input, layer);

    assertThatThrownBy(() -> JobConfigReader.parse(yaml)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(delimiter = '|', value = {
      "'' | {type: lstm, units: 4} | model.layers[0] is an lstm layer, which reads sequences, but model.input gives flat vectors: set model.input {steps, features}",
      "{height: 4, width: 3} | {type: lstm, units: 4} | model.layers[0] is an lstm layer, which reads sequences, but model.input gives images",
      "{steps: 4, features: 3} | {type: lstm, units: 4}; {type: lstm, units: 4} | model.layers[1] is an lstm layer, which reads sequences, but model.layers[0] (lstm) gives flat vectors",
      "{steps: 4, features: 3} | {type: lstm, units: 4, return-sequences: true}; {type: dense, units: 4} | model.layers[1]: a dense layer cannot read the sequence that model.layers[0] (lstm) gives: put an lstm with return-sequences: false or a global-pooling layer before it",
      "{steps: 4, features: 3} | {type: dense, units: 4} | model.layers[0]: a dense layer cannot read the sequence that model.input gives",
      "{steps: 4, features: 3} | {type: lstm, units: 4, return-sequences: true} | model.layers[1]: an output layer cannot read the sequence that model.layers[0] (lstm) gives",
      "'' | {type: global-pooling} | model.layers[0]: a global-pooling layer pools over the steps of a sequence or the positions of an image, but model.input gives flat vectors",
      "{steps: 4, features: 3} | {type: lstm, units: 4}; {type: global-pooling} | model.layers[1]: a global-pooling layer pools over the steps of a sequence or the positions of an image, but model.layers[0] (lstm) gives flat vectors",
      "{steps: 4, features: 1} | {type: lstm, units: 4, return-sequences: true}; {type: embedding, vocabulary: 3, units: 2} | model.layers[1]: an embedding layer reads token ids, so it must be the first layer",
      "{steps: 4, features: 3} | {type: embedding, vocabulary: 3, units: 2} | model.layers[0]: an embedding layer reads one token id per step, so model.input.features must be 1, got 3",
      "{height: 4, width: 3} | {type: embedding, vocabulary: 3, units: 2} | model.layers[0]: an embedding layer reads token ids, not images",
      "{steps: 4, features: 3} | {type: subsampling} | model.layers[0] is a subsampling layer, which reads images, but model.input is a sequence of 4 steps x 3 features",
  })
  void layersMustReadWhatComesBeforeThem(String input, String layers, String message) {
    String yaml = sequenceJob("none", input, layers.split("; "));

    assertThatThrownBy(() -> JobConfigReader.parse(yaml)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  /**
   * The shipped examples stay valid: each reads (the tune example with its search space, every value
   * of which is checked against the job), and its network builds for Fashion-MNIST's shape.
   */
  @ParameterizedTest
  @ValueSource(strings = {"fashion-mnist-mlp.yaml", "fashion-mnist-lenet.yaml", "fashion-mnist-lstm.yaml",
      "fashion-mnist-tune.yaml"})
  void everyExampleConfigReadsAndBuildsItsNetwork(String example) throws Exception {
    try (var files = Files.list(Path.of("examples"))) {
      assertThat(files.map(file -> file.getFileName().toString()).toList()).as("the examples this test covers")
          .containsExactlyInAnyOrder("fashion-mnist-mlp.yaml", "fashion-mnist-lenet.yaml", "fashion-mnist-lstm.yaml",
              "fashion-mnist-tune.yaml");
    }
    Path file = Path.of("examples", example);
    JobConfig config = example.contains("tune")
        ? TuneConfigReader.read(file, List.of()).baseJob() : JobConfigReader.read(file, List.of());

    var network = NetworkFactory.build(config.recipe().model(), NetworkShape.classifier(784, 10), 1);
    assertThat(network.numParams()).isPositive();
    assertThat(config.data().train()).startsWith("/usr/share/datasets/fashion-mnist/");
  }

  @Test
  void theLstmExampleReadsRowsAsTimeSteps() {
    JobConfig example = JobConfigReader.read(Path.of("examples/fashion-mnist-lstm.yaml"), List.of());

    assertThat(example.recipe().model().input()).isEqualTo(new SequenceShape(28, 28));
    assertThat(example.recipe().model().layers().get(0)).isInstanceOf(LayerSpec.Lstm.class);
  }

  @Test
  void anEmbeddingNeedsUnnormalizedTokenIds() {
    String yaml = sequenceJob("scale", "{steps: 4}", "{type: embedding, vocabulary: 3, units: 2}", "{type: lstm, units: 3}");

    assertThatThrownBy(() -> JobConfigReader.parse(yaml)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("data.normalize must be none when model.layers[0] is an embedding (its features are"
            + " token ids), got scale");
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
