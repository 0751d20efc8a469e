package io.sparktrain.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparktrain.driver.tune.AshaSpec;
import io.sparktrain.driver.tune.Choice;
import io.sparktrain.driver.tune.Dimension;
import io.sparktrain.driver.tune.Goal;
import io.sparktrain.driver.tune.IntUniform;
import io.sparktrain.driver.tune.LogUniform;
import io.sparktrain.driver.tune.SearchSpace;
import io.sparktrain.driver.tune.StrategyType;
import io.sparktrain.driver.tune.TuneSpec;
import io.sparktrain.driver.tune.Uniform;
import io.sparktrain.kernels.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a tune config: a job config with a {@code tune} section (metric, goal, strategy, trials,
 * seed, space, early-stopping, folds, trial-workers). The section is removed before the job is
 * read, so the job part is checked exactly as {@code train} checks it, and every dimension of
 * the space is checked against the job: each choice, and both bounds of each range, applied to
 * the base job alone must give a valid job, or the error names {@code tune.space.<key>} and the
 * job's own complaint. (Combinations are not all tried; {@link #trialJob} reports a bad one.)
 */
public final class TuneConfigReader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> KINDS = List.of("choice", "uniform", "log-uniform", "int-uniform");
  private static final Set<String> REGRESSION_METRICS = Set.of("mse", "mae", "r2", "rmse");
  private static final Set<String> CLASSIFICATION_WORDS = Set.of("accuracy", "precision", "recall", "f1", "auc");

  private TuneConfigReader() {}

  /**
   * Reads {@code file} with {@code overrides} ({@code key.path=value}, as for {@code train};
   * {@code tune.*} keys may be overridden too).
   *
   * @throws ConfigException naming the key of any problem in the job or the tune section
   */
  public static TuneConfig read(Path file, List<String> overrides) {
    ObjectNode root = JobConfigReader.tree(file, overrides);
    JsonNode section = root.remove("tune");
    if (section == null || section.isNull()) {
      throw new ConfigException(file + " has no tune section: a tune config is a job config plus"
          + " tune: {metric: ..., strategy: ..., trials: ..., space: {...}}");
    }
    JobConfig baseJob = JobConfigReader.fromTree(root);
    ObjectNode holder = JsonNodeFactory.instance.objectNode();
    holder.set("tune", section);
    TuneSpec tune = tune(ConfigTree.root(holder).child("tune"), section, baseJob);
    for (Dimension dimension : tune.space().dimensions()) {
      for (Object value : probes(dimension)) {
        try {
          withValue(root.deepCopy(), dimension.key(), value);
        } catch (ConfigException e) {
          throw new ConfigException(dimension.path() + ": the value " + value + " makes the job invalid: "
              + e.getMessage());
        }
      }
    }
    return new TuneConfig(tune, yaml(root), baseJob);
  }

  /**
   * The job of one trial: {@code values} (config key to value, as a {@code SearchStrategy}
   * proposes them; any other job key, such as {@code output.dir}, may be added) applied to the
   * base job like {@code --set}, then validated.
   *
   * @throws ConfigException naming {@code tune.space.<key>} when the values make the job invalid
   */
  public static JobConfig trialJob(TuneConfig config, Map<String, Object> values) {
    ObjectNode tree = baseTree(config);
    try {
      for (Map.Entry<String, Object> value : values.entrySet()) {
        JobConfigReader.set(tree, value.getKey(), YAML.valueToTree(value.getValue()));
      }
      return JobConfigReader.fromTree(tree);
    } catch (ConfigException e) {
      throw new ConfigException("tune.space: the values " + values + " make the job invalid: " + e.getMessage());
    }
  }

  /** The YAML text of a trial's job ({@link #trialJob}'s input), for its provenance. */
  public static String trialYaml(TuneConfig config, Map<String, Object> values) {
    ObjectNode tree = baseTree(config);
    values.forEach((key, value) -> JobConfigReader.set(tree, key, YAML.valueToTree(value)));
    return yaml(tree);
  }

  private static TuneSpec tune(ConfigTree tree, JsonNode section, JobConfig job) {
    tree.allow("metric", "goal", "strategy", "trials", "seed", "space", "early-stopping", "folds", "trial-workers");
    String metric = tree.requiredString("metric");
    requireMetricFits(metric, job);
    Goal goal = goal(tree.string("goal", null), metric);
    StrategyType strategy = tree.choice("strategy", StrategyType.class, StrategyType.RANDOM);
    SearchSpace space = space(section.get("space"));
    int trials;
    if (tree.has("trials")) {
      trials = tree.integer("trials", 0);
    } else if (strategy == StrategyType.GRID) {
      long size = space.gridSize();
      ConfigException.require(size <= Integer.MAX_VALUE, "tune.trials is required: the grid has " + size + " points");
      trials = (int) size;
    } else {
      throw new ConfigException("tune.trials is required for strategy " + name(strategy) + ": the number of trials");
    }
    long seed = job.recipe().seed();
    JsonNode seedNode = section.get("seed");
    if (seedNode != null && !seedNode.isNull()) {
      ConfigException.require(seedNode.isIntegralNumber() && seedNode.canConvertToLong(),
          "tune.seed must be an integer, got '" + seedNode.asText() + "'");
      seed = seedNode.longValue();
    }
    AshaSpec asha = tree.has("early-stopping") ? asha(tree.child("early-stopping"), job) : null;
    int trialWorkers = tree.integer("trial-workers", 1);
    ConfigException.require(trialWorkers <= job.spark().workers(), "tune.trial-workers must be at most"
        + " spark.workers (" + job.spark().workers() + "), got " + trialWorkers);
    return new TuneSpec(metric, goal, strategy, trials, seed, space, asha, tree.integer("folds", 0), trialWorkers);
  }

  private static Goal goal(String text, String metric) {
    if (text == null) {
      return Goal.inferredFor(metric);
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "max", "maximize" -> Goal.MAXIMIZE;
      case "min", "minimize" -> Goal.MINIMIZE;
      default -> throw new ConfigException("tune.goal must be max or min, got '" + text + "'");
    };
  }

  /** Rejects a metric that the job's {@code summary.json} will not hold. */
  private static void requireMetricFits(String metric, JobConfig job) {
    String name = metric.trim().toLowerCase(Locale.ROOT);
    if (name.startsWith("validation_")) {
      ConfigException.require(job.data().validationFraction() > 0, "tune.metric " + metric + " needs a validation"
          + " split: set data.validation-fraction > 0, or use a metric without the validation_ prefix");
      name = name.substring("validation_".length());
    }
    boolean classification = job.data().classification();
    if (REGRESSION_METRICS.contains(name) && classification) {
      throw new ConfigException("tune.metric " + metric + " is a regression metric, but the job classifies"
          + " (data.classes is " + job.data().classes() + "); use accuracy, f1_macro, test_loss, ...");
    }
    boolean classificationMetric = List.of(name.split("_")).stream().anyMatch(CLASSIFICATION_WORDS::contains);
    if (classificationMetric && !classification) {
      throw new ConfigException("tune.metric " + metric + " is a classification metric, but the job is a"
          + " regression (no data.classes); use mse, mae, r2 or test_loss");
    }
  }

  private static AshaSpec asha(ConfigTree tree, JobConfig job) {
    tree.allow("type", "min-epochs", "max-epochs", "reduction");
    String type = tree.requiredString("type");
    ConfigException.require(type.equals("asha"), "tune.early-stopping.type must be asha, got '" + type + "'");
    return new AshaSpec(tree.integer("min-epochs", 1), tree.integer("max-epochs", job.training().epochs()),
        tree.integer("reduction", 3));
  }

  private static SearchSpace space(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new ConfigException("tune.space is required: map config keys to {choice: [...]}, {uniform: [lo, hi]},"
          + " {log-uniform: [lo, hi]} or {int-uniform: [lo, hi]}");
    }
    ConfigException.require(node.isObject() && !node.isEmpty(),
        "tune.space must be a non-empty mapping of config keys to ranges, got " + describe(node));
    List<Dimension> dimensions = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      dimensions.add(dimension(field.getKey(), field.getValue()));
    }
    return new SearchSpace(dimensions);
  }

  private static Dimension dimension(String key, JsonNode node) {
    String path = "tune.space." + key;
    if (node == null || !node.isObject() || node.size() != 1 || !KINDS.contains(node.fieldNames().next())) {
      throw new ConfigException(path + " must be one of {choice: [...]}, {uniform: [lo, hi]}, {log-uniform: [lo, hi]}"
          + " or {int-uniform: [lo, hi]}, got " + describe(node));
    }
    String kind = node.fieldNames().next();
    JsonNode values = node.get(kind);
    if (kind.equals("choice")) {
      ConfigException.require(values.isArray(), path + ".choice must be a list of values, got " + describe(values));
      List<Object> choices = new ArrayList<>();
      for (JsonNode value : values) {
        choices.add(scalar(path, value));
      }
      return new Choice(key, choices);
    }
    boolean integers = kind.equals("int-uniform");
    ConfigException.require(values.isArray() && values.size() == 2
            && (integers ? values.get(0).isIntegralNumber() && values.get(1).isIntegralNumber()
                : values.get(0).isNumber() && values.get(1).isNumber()),
        path + "." + kind + " must be [low, high] of two " + (integers ? "integers" : "numbers") + ", got "
            + describe(values));
    return switch (kind) {
      case "uniform" -> new Uniform(key, values.get(0).doubleValue(), values.get(1).doubleValue());
      case "log-uniform" -> new LogUniform(key, values.get(0).doubleValue(), values.get(1).doubleValue());
      default -> new IntUniform(key, values.get(0).longValue(), values.get(1).longValue());
    };
  }

  private static Object scalar(String path, JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber()) {
      return value.canConvertToInt() ? (Object) value.intValue() : (Object) value.longValue();
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    throw new ConfigException(path + ".choice values must be strings, numbers or booleans, got " + describe(value));
  }

  /** The values tried against the job at read time: every choice, both ends of a range. */
  private static List<Object> probes(Dimension dimension) {
    if (dimension instanceof Choice choice) {
      return choice.values();
    }
    return List.of(dimension.fromUnit(0), dimension.fromUnit(1));
  }

  private static JobConfig withValue(ObjectNode tree, String key, Object value) {
    JobConfigReader.set(tree, key, YAML.valueToTree(value));
    return JobConfigReader.fromTree(tree);
  }

  private static ObjectNode baseTree(TuneConfig config) {
    try {
      return (ObjectNode) YAML.readTree(config.jobYaml());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read back the job YAML of a tune config", e);
    }
  }

  private static String yaml(JsonNode tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write back a config that was just read", e);
    }
  }

  private static String name(StrategyType strategy) {
    return strategy.name().toLowerCase(Locale.ROOT);
  }

  private static String describe(JsonNode node) {
    if (node == null) {
      return "nothing";
    }
    return node.isValueNode() ? "'" + node.asText() + "'" : node.toString();
  }
}
