package io.sparktrain.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparktrain.driver.SparkSpec;
import io.sparktrain.driver.data.DataFormat;
import io.sparktrain.driver.data.DataSpec;
import io.sparktrain.driver.data.Normalization;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.train.TrainingMode;
import io.sparktrain.driver.train.TrainingSpec;
import io.sparktrain.driver.train.Transport;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.LayerType;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.config.ScheduleType;
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

  private JobConfigReader() {}

  /** Reads {@code file} with {@code overrides} ({@code key.path=value}, YAML-typed values). */
  public static JobConfig read(Path file, List<String> overrides) {
    return fromTree(tree(file, overrides));
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
      return fromTree(YAML.readTree(yaml));
    } catch (JsonProcessingException e) {
      throw new ConfigException("the job config is not valid YAML: " + e.getOriginalMessage());
    }
  }

  private static JsonNode tree(Path file, List<String> overrides) {
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

  private static JobConfig fromTree(JsonNode document) {
    ConfigTree root = ConfigTree.root(document).allow("name", "seed", "spark", "data", "model", "optimizer",
        "schedule", "regularization", "training", "evaluation", "output");
    String name = root.string("name", "sparktrain");
    long seed = root.integer("seed", 42);
    SparkSpec spark = spark(root.child("spark"));
    DataSpec data = data(root.child("data"));
    ModelSpec model = model(root.child("model"), data);
    OptimizerSpec optimizer = optimizer(root.child("optimizer"));
    ScheduleType schedule = schedule(root.child("schedule"));
    RegularizationSpec regularization = regularization(root.child("regularization"));
    TrainingSpec training = training(root.child("training"));
    EvaluationSpec evaluation = evaluation(root.child("evaluation"), data);
    String outputDir = root.child("output").allow("dir").string("dir", "out/" + name);
    return new JobConfig(name, spark, data,
        new TrainingRecipe(model, optimizer, schedule, regularization, seed), training, evaluation, outputDir);
  }

  private static SparkSpec spark(ConfigTree tree) {
    tree.allow("master", "workers");
    return new SparkSpec(tree.string("master", null), tree.integer("workers", 2));
  }

  private static DataSpec data(ConfigTree tree) {
    tree.allow("train", "test", "format", "label", "header", "classes", "normalize", "shuffle");
    return new DataSpec(
        tree.requiredString("train"),
        tree.string("test", null),
        tree.choice("format", DataFormat.class, null),
        tree.string("label", null),
        tree.bool("header", false),
        tree.integer("classes", 0),
        tree.choice("normalize", Normalization.class, Normalization.NONE),
        tree.bool("shuffle", true));
  }

  private static ModelSpec model(ConfigTree tree, DataSpec data) {
    tree.allow("init", "layers");
    Initialization init = tree.choice("init", Initialization.class, Initialization.XAVIER);
    List<LayerSpec> layers = new ArrayList<>();
    List<ConfigTree> items = tree.children("layers");
    for (ConfigTree item : items) {
      item.allow("type", "units", "activation", "loss", "dropout");
      LayerType type = item.choice("type", LayerType.class, null);
      boolean output = type == LayerType.OUTPUT;
      Activation fallbackActivation = output
          ? (data.classification() ? Activation.SOFTMAX : Activation.IDENTITY) : Activation.RELU;
      LossFunction fallbackLoss = data.classification() ? LossFunction.MCXENT : LossFunction.MSE;
      try {
        layers.add(new LayerSpec(type, item.integer("units", 0),
            item.choice("activation", Activation.class, fallbackActivation),
            output ? item.choice("loss", LossFunction.class, fallbackLoss) : null,
            item.number("dropout", 0)));
      } catch (ConfigException e) {
        throw new ConfigException(item.path() + ": " + e.getMessage());
      }
      if (!output && item.has("loss")) {
        throw item.error("loss", "applies to the output layer only");
      }
    }
    return new ModelSpec(init, layers);
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

  private static ScheduleType schedule(ConfigTree tree) {
    return tree.allow("type").choice("type", ScheduleType.class, ScheduleType.FIXED);
  }

  private static RegularizationSpec regularization(ConfigTree tree) {
    tree.allow("l1", "l2", "weight-decay", "clip-value", "clip-norm");
    return new RegularizationSpec(tree.number("l1", 0), tree.number("l2", 0), tree.number("weight-decay", 0),
        tree.number("clip-value", 0), tree.number("clip-norm", 0));
  }

  private static TrainingSpec training(ConfigTree tree) {
    tree.allow("mode", "transport", "batch-size-per-worker", "epochs", "log-every-steps");
    return new TrainingSpec(
        tree.choice("mode", TrainingMode.class, TrainingMode.SYNC_GRADIENT),
        tree.choice("transport", Transport.class, Transport.DRIVER),
        tree.integer("batch-size-per-worker", 64),
        tree.integer("epochs", 5),
        tree.integer("log-every-steps", 100));
  }

  private static EvaluationSpec evaluation(ConfigTree tree, DataSpec data) {
    tree.allow("top-k");
    return new EvaluationSpec(tree.integers("top-k", EvaluationSpec.defaults(data.classes()).topK()));
  }
}
