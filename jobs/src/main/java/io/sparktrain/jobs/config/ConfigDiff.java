package io.sparktrain.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the canonical config of a checkpoint with the config of the run that would resume from
 * it, key by key (list items as {@code model.layers[1].units}). Keys that cannot change the
 * parameters a run ends with ({@link #FREE_KEYS}) may differ; any other difference refuses a resume
 * unless forced. A key set to its default in one and left out in the other counts as different.
 */
public final class ConfigDiff {
  /** The keys a resumed run may change: names, where things go, how often progress and checkpoints are written. */
  public static final Set<String> FREE_KEYS = Set.of("name", "spark.master", "training.log-every-steps",
      "output.dir", "checkpoint.dir", "checkpoint.every-steps", "checkpoint.keep-last");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigDiff() {}

  /**
   * The keys outside {@link #FREE_KEYS} whose values differ between two configs, sorted.
   *
   * @param saved the config text of a checkpoint
   * @param current the config text of this run
   */
  public static List<String> differingKeys(String saved, String current) {
    Map<String, JsonNode> before = flatten(saved);
    Map<String, JsonNode> after = flatten(current);
    Set<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<String> differing = new ArrayList<>();
    for (String key : keys) {
      if (!FREE_KEYS.contains(key) && !java.util.Objects.equals(before.get(key), after.get(key))) {
        differing.add(key);
      }
    }
    return differing;
  }

  private static Map<String, JsonNode> flatten(String yaml) {
    Map<String, JsonNode> leaves = new TreeMap<>();
    try {
      flatten("", YAML.readTree(yaml), leaves);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a canonical config must parse: " + e.getOriginalMessage(), e);
    }
    return leaves;
  }

  private static void flatten(String path, JsonNode node, Map<String, JsonNode> leaves) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        flatten(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), leaves);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(path + "[" + i + "]", node.get(i), leaves);
      }
      if (node.isEmpty()) {
        leaves.put(path, node);
      }
    } else {
      leaves.put(path, node);
    }
  }
}
