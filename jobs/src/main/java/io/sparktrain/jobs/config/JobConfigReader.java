package io.sparktrain.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparktrain.driver.SparkSpec;
import io.sparktrain.driver.checkpoint.CheckpointSpec;
import io.sparktrain.driver.data.BadRowPolicy;
import io.sparktrain.driver.data.DataFormat;
import io.sparktrain.driver.data.DataSpec;
import io.sparktrain.driver.data.Normalization;
import io.sparktrain.driver.data.OnBadRow;
import io.sparktrain.driver.eval.EvaluationSpec;
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
import io.sparktrain.kernels.config.Dl4jNetworkConfig;
import io.sparktrain.kernels.config.ImageShape;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.InputShape;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.LayerType;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.config.ScheduleSpec;
import io.sparktrain.kernels.config.ScheduleType;
import io.sparktrain.kernels.config.SequenceShape;
import io.sparktrain.kernels.config.TrainingRecipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Reads a YAML job config, applies {@code --set key.path=value} overrides, and maps it onto
 * validated records. Unknown keys, wrong types and out-of-range values fail with a
 * {@link ConfigException} that names the key, the value and what is allowed.
 */
public final class JobConfigReader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** Keys under {@code schedule} that some types take and others reject. */
  private static final List<String> SCHEDULE_HYPERPARAMETERS = List.of("decay-rate", "decay-every", "decay-unit",
      "power", "min-rate");
  private static final List<String> WARMUP_KEYS = List.of("warmup-steps", "warmup-start-factor");
  /** Keys under {@code training} that only {@code param-averaging} takes. */
  private static final List<String> AVERAGING_KEYS = List.of("averaging-frequency", "average-updater-state");

  private JobConfigReader() {}

  /** Reads {@code file} with {@code overrides} ({@code key.path=value}, YAML-typed values). */
  public static JobConfig read(Path file, List<String> overrides) {
    return read(file, overrides, List.of());
  }

  /**
   * Reads {@code file} with {@code overrides} for fine-tuning: the first layers of
   * {@code model.layers} that set no {@code name} of their own take the pretrained model's layer
   * names, so that {@code model.freeze-up-to} can name them.
   *
   * @param pretrainedNames the pretrained hidden layers' names, in order; null entries for none
   */
  public static JobConfig read(Path file, List<String> overrides, List<String> pretrainedNames) {
    return fromTree(tree(file, overrides), pretrainedNames);
  }

  /** The YAML text of {@code file} with the overrides applied, for provenance. */
  public static String canonicalYaml(Path file, List<String> overrides) {
    try {
      return YAML.writeValueAsString(tree(file, overrides));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write back a config that was just read", e);
    }
  }

  /** Parses YAML text (no overrides). */
  public static JobConfig parse(String yaml) {
    try {
      return fromTree(YAML.readTree(yaml), List.of());
    } catch (JsonProcessingException e) {
      throw new ConfigException("the job config is not valid YAML: " + e.getOriginalMessage());
    }
  }

  /** The YAML mapping of {@code file} with the overrides applied; not yet validated. */
  static ObjectNode tree(Path file, List<String> overrides) {
    JsonNode document;
    try {
      document = YAML.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + " is not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    if (!(document instanceof ObjectNode root)) {
      throw new ConfigException(file + " must hold a YAML mapping of keys");
    }
    for (String override : overrides) {
      apply(root, override);
    }
    return root;
  }

  /** Sets {@code key.path=value} in the tree; list items are addressed by index. */
  static void apply(ObjectNode root, String override) {
    int equals = override.indexOf('=');
    if (equals <= 0) {
      throw new ConfigException("--set needs key.path=value, got '" + override + "'");
    }
    String key = override.substring(0, equals).trim();
    JsonNode value;
    try {
      value = YAML.readTree(override.substring(equals + 1));
    } catch (JsonProcessingException e) {
      throw new ConfigException("--set " + key + ": value is not valid YAML: " + e.getOriginalMessage());
    }
    set(root, key, value);
  }

  /**
   * Sets {@code key} (a dotted path, list items addressed by index) to {@code value} in the tree,
   * as {@code --set key=value} does; mappings on the way are created, list items must exist.
   */
  static void set(ObjectNode root, String key, JsonNode value) {
    String[] parts = key.split("\\.");
    JsonNode current = root;
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      String part = parts[i];
      String sofar = String.join(".", java.util.Arrays.copyOf(parts, i + 1));
      if (current instanceof ObjectNode object) {
        if (last) {
          object.set(part, value == null || value.isMissingNode() ? object.nullNode() : value);
        } else {
          JsonNode next = object.get(part);
          current = next == null || next.isNull() ? object.putObject(part) : next;
        }
      } else if (current instanceof ArrayNode array && part.matches("\\d+") && Integer.parseInt(part) < array.size()) {
        if (last) {
          array.set(Integer.parseInt(part), value);
        } else {
          current = array.get(Integer.parseInt(part));
        }
      } else {
        throw new ConfigException("--set " + key + ": " + sofar + " does not exist"
            + (current instanceof ArrayNode array ? " (the list has " + array.size() + " items)" : ""));
      }
    }
  }

  /** Maps a whole job tree (no {@code tune} section) onto a validated {@link JobConfig}. */
  static JobConfig fromTree(JsonNode document) {
    return fromTree(document, List.of());
  }

  private static JobConfig fromTree(JsonNode document, List<String> pretrainedNames) {
    ConfigTree root = ConfigTree.root(document).allow("name", "seed", "spark", "data", "model", "optimizer",
        "schedule", "regularization", "training", "evaluation", "output", "checkpoint");
    String name = root.string("name", "sparktrain");
    long seed = root.integer("seed", 42);
    SparkSpec spark = spark(root.child("spark"));
    DataSpec data = data(root.child("data"));
    ModelSpec model = model(root.child("model"), data, pretrainedNames);
    OptimizerSpec optimizer = optimizer(root.child("optimizer"));
    ScheduleSpec schedule = schedule(root.child("schedule"));
    RegularizationSpec regularization = regularization(root.child("regularization"));
    TrainingSpec training = training(root.child("training"));
    EvaluationSpec evaluation = evaluation(root.child("evaluation"), data);
    String outputDir = root.child("output").allow("dir").string("dir", "out/" + name);
    CheckpointSpec checkpoint = root.has("checkpoint") ? checkpoint(root.child("checkpoint")) : null;
    return new JobConfig(name, spark, data,
        new TrainingRecipe(model, optimizer, schedule, regularization, seed), training, evaluation, outputDir,
        checkpoint);
  }

  private static CheckpointSpec checkpoint(ConfigTree tree) {
    tree.allow("dir", "every-steps", "keep-last");
    return new CheckpointSpec(tree.requiredString("dir"),
        tree.integer("every-steps", CheckpointSpec.DEFAULT_EVERY_STEPS),
        tree.integer("keep-last", CheckpointSpec.DEFAULT_KEEP_LAST));
  }

  private static SparkSpec spark(ConfigTree tree) {
    tree.allow("master", "workers");
    return new SparkSpec(tree.string("master", null), tree.integer("workers", 2));
  }

  private static DataSpec data(ConfigTree tree) {
    tree.allow("train", "test", "format", "label", "header", "classes", "normalize", "shuffle",
        "validation-fraction", "on-bad-row", "max-bad-fraction");
    OnBadRow onBadRow = tree.choice("on-bad-row", OnBadRow.class, OnBadRow.FAIL);
    if (onBadRow == OnBadRow.FAIL && tree.has("max-bad-fraction")) {
      throw new ConfigException("data.max-bad-fraction applies only with data.on-bad-row: skip, got "
          + tree.number("max-bad-fraction", 0));
    }
    return new DataSpec(
        tree.requiredString("train"),
        tree.string("test", null),
        tree.choice("format", DataFormat.class, null),
        tree.string("label", null),
        tree.bool("header", false),
        tree.integer("classes", 0),
        tree.choice("normalize", Normalization.class, Normalization.NONE),
        tree.bool("shuffle", true),
        tree.number("validation-fraction", 0),
        new BadRowPolicy(onBadRow, tree.number("max-bad-fraction", BadRowPolicy.DEFAULT_MAX_BAD_FRACTION)));
  }

  private static ModelSpec model(ConfigTree tree, DataSpec data, List<String> pretrainedNames) {
    tree.allow("init", "input", "layers", "freeze-layers", "freeze-up-to", "dl4j-config");
    if (tree.has("freeze-layers") && tree.has("freeze-up-to")) {
      throw new ConfigException(tree.key("freeze-layers") + " and " + tree.key("freeze-up-to")
          + " are alternatives: set one of them, got " + tree.string("freeze-layers", null) + " and '"
          + tree.string("freeze-up-to", null) + "'");
    }
    if (tree.has("dl4j-config")) {
      for (String key : List.of("layers", "init", "input")) {
        if (tree.has(key)) {
          throw new ConfigException(tree.key(key) + " and " + tree.key("dl4j-config") + " are alternatives: the"
              + " DL4J JSON defines the layers, their weight initialization and the input; set one of them");
        }
      }
      String source = tree.requiredString("dl4j-config");
      ModelSpec model = ModelSpec.of(new Dl4jNetworkConfig(source, Dl4jConfigFiles.read(source)))
          .freezing(tree.integer("freeze-layers", 0));
      return tree.has("freeze-up-to") ? model.freezingUpTo(tree.requiredString("freeze-up-to")) : model;
    }
    if (!tree.has("layers")) {
      throw new ConfigException(tree.key("layers") + " or " + tree.key("dl4j-config") + " is required: list the layers,"
          + " or give a DL4J MultiLayerConfiguration JSON file");
    }
    Initialization init = tree.choice("init", Initialization.class, Initialization.XAVIER);
    InputShape input = tree.has("input") ? inputShape(tree.child("input")) : null;
    List<LayerSpec> layers = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ConfigTree named : tree.children("layers")) {
      ConfigTree item = named.alsoAllowing("name");
      String inherited = names.size() < pretrainedNames.size() ? pretrainedNames.get(names.size()) : null;
      names.add(item.string("name", inherited));
      LayerType type = item.choice("type", LayerType.class, null);
      if (type != LayerType.OUTPUT && item.has("loss")) {
        throw item.error("loss", "applies to the output layer only");
      }
      try {
        layers.add(layer(type, item, data));
      } catch (ConfigException e) {
        throw e.getMessage().contains(item.path()) ? e : new ConfigException(item.path() + "." + e.getMessage());
      }
    }
    ModelSpec model = new ModelSpec(init, input, layers, tree.integer("freeze-layers", 0), names);
    return tree.has("freeze-up-to") ? model.freezingUpTo(tree.requiredString("freeze-up-to")) : model;
  }

  private static LayerSpec layer(LayerType type, ConfigTree item, DataSpec data) {
    return switch (type) {
      case DENSE -> {
        item.allow("type", "units", "activation", "dropout");
        yield new LayerSpec.Dense(item.integer("units", 0), item.choice("activation", Activation.class, Activation.RELU),
            item.number("dropout", 0));
      }
      case OUTPUT -> {
        item.allow("type", "units", "activation", "loss", "dropout");
        boolean classification = data.classification();
        yield new LayerSpec.Output(item.integer("units", 0),
            item.choice("activation", Activation.class, classification ? Activation.SOFTMAX : Activation.IDENTITY),
            item.choice("loss", LossFunction.class, classification ? LossFunction.MCXENT : LossFunction.MSE),
            item.number("dropout", 0));
      }
      case CONVOLUTION -> {
        item.allow("type", "filters", "kernel", "stride", "padding", "activation", "dropout");
        yield new LayerSpec.Convolution(item.integer("filters", 0), item.window("kernel", null),
            item.window("stride", LayerSpec.Window.square(1)), item.window("padding", LayerSpec.Window.square(0)),
            item.choice("activation", Activation.class, Activation.RELU), item.number("dropout", 0));
      }
      case SUBSAMPLING -> {
        item.allow("type", "pooling", "kernel", "stride", "padding");
        LayerSpec.Window kernel = item.window("kernel", LayerSpec.Window.square(2));
        yield new LayerSpec.Subsampling(item.choice("pooling", LayerSpec.Pooling.class, LayerSpec.Pooling.MAX), kernel,
            item.window("stride", kernel), item.window("padding", LayerSpec.Window.square(0)));
      }
      case BATCH_NORMALIZATION -> {
        item.allow("type", "decay", "epsilon", "activation");
        yield new LayerSpec.BatchNormalization(item.number("decay", LayerSpec.BatchNormalization.DEFAULT_DECAY),
            item.number("epsilon", LayerSpec.BatchNormalization.DEFAULT_EPSILON),
            item.choice("activation", Activation.class, Activation.IDENTITY));
      }
      case LSTM -> {
        item.allow("type", "units", "activation", "return-sequences", "dropout");
        yield new LayerSpec.Lstm(item.integer("units", 0), item.choice("activation", Activation.class, Activation.TANH),
            item.bool("return-sequences", false), item.number("dropout", 0));
      }
      case EMBEDDING -> {
        item.allow("type", "vocabulary", "units");
        yield new LayerSpec.Embedding(item.integer("vocabulary", 0), item.integer("units", 0));
      }
      case GLOBAL_POOLING -> {
        item.allow("type", "pooling");
        yield new LayerSpec.GlobalPooling(item.choice("pooling", LayerSpec.Pooling.class, LayerSpec.Pooling.AVG));
      }
    };
  }

  private static InputShape inputShape(ConfigTree tree) {
    tree.allow("height", "width", "channels", "steps", "features");
    boolean sequence = tree.has("steps") || tree.has("features");
    boolean image = tree.has("height") || tree.has("width") || tree.has("channels");
    if (sequence && image) {
      throw new ConfigException(tree.path() + " is either an image {height, width, channels} or a sequence"
          + " {steps, features}, got keys of both");
    }
    if (sequence) {
      return new SequenceShape(tree.integer("steps", 0), tree.integer("features", 1));
    }
    return new ImageShape(tree.integer("height", 0), tree.integer("width", 0), tree.integer("channels", 1));
  }

  private static OptimizerSpec optimizer(ConfigTree tree) {
    tree.allow("type", "learning-rate", "momentum", "beta1", "beta2", "epsilon", "rms-decay");
    OptimizerType type = tree.choice("type", OptimizerType.class, OptimizerType.ADAM);
    return new OptimizerSpec(
        type,
        tree.number("learning-rate", 1e-3),
        tree.number("momentum", OptimizerSpec.DEFAULT_MOMENTUM),
        tree.number("beta1", OptimizerSpec.DEFAULT_BETA1),
        tree.number("beta2", OptimizerSpec.DEFAULT_BETA2),
        tree.number("epsilon", OptimizerSpec.defaultEpsilon(type)),
        tree.number("rms-decay", OptimizerSpec.DEFAULT_RMS_DECAY));
  }

  private static ScheduleSpec schedule(ConfigTree tree) {
    List<String> all = new ArrayList<>(List.of("type"));
    all.addAll(SCHEDULE_HYPERPARAMETERS);
    all.addAll(WARMUP_KEYS);
    tree.allow(all.toArray(String[]::new));
    ScheduleType type = tree.choice("type", ScheduleType.class, ScheduleType.FIXED);
    List<String> required = switch (type) {
      case FIXED, POLYNOMIAL, COSINE -> List.of();
      case EXPONENTIAL, INVERSE_TIME -> List.of("decay-rate");
      case STEP -> List.of("decay-rate", "decay-every");
    };
    List<String> optional = switch (type) {
      case FIXED -> List.of();
      case EXPONENTIAL, STEP -> List.of("decay-unit");
      case INVERSE_TIME -> List.of("decay-unit", "power");
      case POLYNOMIAL -> List.of("power", "min-rate");
      case COSINE -> List.of("min-rate");
    };
    List<String> takes = new ArrayList<>(List.of("type"));
    takes.addAll(required);
    takes.addAll(optional);
    takes.addAll(WARMUP_KEYS);
    for (String key : SCHEDULE_HYPERPARAMETERS) {
      if (tree.has(key) && !takes.contains(key)) {
        throw tree.error(key, "does not apply to schedule.type " + ConfigTree.name(type) + "; its keys are "
            + String.join(", ", takes));
      }
    }
    for (String key : required) {
      if (!tree.has(key)) {
        throw tree.error(key, "is required for schedule.type " + ConfigTree.name(type));
      }
    }
    return new ScheduleSpec(type,
        tree.number("decay-rate", 0),
        tree.integer("decay-every", 0),
        tree.choice("decay-unit", DecayUnit.class, ScheduleSpec.DEFAULT_DECAY_UNIT),
        tree.number("power", ScheduleSpec.DEFAULT_POWER),
        tree.number("min-rate", ScheduleSpec.DEFAULT_MIN_RATE),
        tree.integer("warmup-steps", 0),
        tree.number("warmup-start-factor", ScheduleSpec.DEFAULT_WARMUP_START_FACTOR));
  }

  private static RegularizationSpec regularization(ConfigTree tree) {
    tree.allow("l1", "l2", "weight-decay", "clip-value", "clip-norm");
    return new RegularizationSpec(tree.number("l1", 0), tree.number("l2", 0), tree.number("weight-decay", 0),
        tree.number("clip-value", 0), tree.number("clip-norm", 0));
  }

  private static TrainingSpec training(ConfigTree tree) {
    tree.allow("mode", "transport", "batch-size-per-worker", "global-batch-size", "full-batch", "epochs",
        "log-every-steps", "lr-scaling", "averaging-frequency", "average-updater-state", "early-stopping",
        "compression");
    if (tree.has("batch-size-per-worker") && tree.has("global-batch-size")) {
      throw new ConfigException(tree.key("batch-size-per-worker") + " and " + tree.key("global-batch-size")
          + " are alternatives: set one of them, got " + tree.string("batch-size-per-worker", null) + " and "
          + tree.string("global-batch-size", null));
    }
    boolean fullBatch = tree.bool("full-batch", false);
    for (String size : List.of("batch-size-per-worker", "global-batch-size")) {
      if (fullBatch && tree.has(size)) {
        throw new ConfigException(tree.key("full-batch") + " takes every training example in one step and"
            + " cannot be combined with " + tree.key(size) + " (got " + tree.string(size, null)
            + "); remove one of them");
      }
    }
    BatchSize batchSize = fullBatch ? BatchSize.full()
        : tree.has("global-batch-size") ? BatchSize.global(tree.integer("global-batch-size", 0))
        : BatchSize.perWorker(tree.integer("batch-size-per-worker", 64));
    TrainingMode mode = tree.choice("mode", TrainingMode.class, TrainingMode.SYNC_GRADIENT);
    return new TrainingSpec(
        mode,
        tree.choice("transport", Transport.class, Transport.DRIVER),
        batchSize,
        tree.integer("epochs", 5),
        tree.integer("log-every-steps", 100),
        tree.choice("lr-scaling", LearningRateScaling.class, LearningRateScaling.NONE),
        averaging(tree, mode),
        tree.has("early-stopping") ? earlyStopping(tree.child("early-stopping")) : null,
        tree.has("compression") ? compression(tree.child("compression")) : Compression.NONE);
  }

  private static Compression compression(ConfigTree tree) {
    tree.allow("type", "threshold", "fraction");
    return new Compression(tree.choice("type", Compression.Kind.class, Compression.Kind.NONE),
        tree.number("threshold", 0), tree.number("fraction", 0));
  }

  /** The {@code param-averaging} settings; null, and none of their keys allowed, in any other mode. */
  private static AveragingSpec averaging(ConfigTree tree, TrainingMode mode) {
    if (mode != TrainingMode.PARAM_AVERAGING) {
      for (String key : AVERAGING_KEYS) {
        if (tree.has(key)) {
          throw tree.error(key, "applies only to training.mode param-averaging, got training.mode "
              + ConfigTree.name(mode) + "; remove it or set training.mode: param-averaging");
        }
      }
      return null;
    }
    return new AveragingSpec(tree.integer("averaging-frequency", AveragingSpec.DEFAULT_FREQUENCY),
        tree.bool("average-updater-state", AveragingSpec.DEFAULT_AVERAGE_UPDATER_STATE));
  }

  private static EarlyStoppingSpec earlyStopping(ConfigTree tree) {
    tree.allow("metric", "patience", "min-delta");
    return new EarlyStoppingSpec(tree.choice("metric", StoppingMetric.class, StoppingMetric.LOSS),
        tree.integer("patience", EarlyStoppingSpec.DEFAULT_PATIENCE), tree.number("min-delta", 0));
  }

  private static EvaluationSpec evaluation(ConfigTree tree, DataSpec data) {
    tree.allow("top-k");
    return new EvaluationSpec(tree.integers("top-k", EvaluationSpec.defaults(data.classes()).topK()));
  }
}
