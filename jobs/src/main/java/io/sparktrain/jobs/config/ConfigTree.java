package io.sparktrain.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.LayerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One YAML mapping being read into records: {@link #allow} rejects keys the section does not
 * know (a misspelt key must not be silently ignored), and typed getters name the full key path in
 * every error.
 */
final class ConfigTree {
  private final JsonNode node;
  private final String path;
  private final List<String> common;

  private ConfigTree(JsonNode node, String path) {
    this(node, path, List.of());
  }

  private ConfigTree(JsonNode node, String path, List<String> common) {
    this.node = node;
    this.path = path;
    this.common = common;
  }

  /**
   * This mapping with {@code keys} accepted by {@link #allow} in addition to the keys it lists:
   * keys that every kind of an item takes, such as a layer's {@code name}.
   */
  ConfigTree alsoAllowing(String... keys) {
    List<String> all = new ArrayList<>(common);
    all.addAll(Arrays.asList(keys));
    return new ConfigTree(node, path, List.copyOf(all));
  }

  /** The root mapping of a document. */
  static ConfigTree root(JsonNode document) {
    if (document == null || document.isNull() || document.isMissingNode()) {
      throw new ConfigException("the job config is empty");
    }
    if (!document.isObject()) {
      throw new ConfigException("the job config must be a YAML mapping of keys, got a " + kind(document));
    }
    return new ConfigTree(document, "");
  }

  /** The full key path of {@code key} under this mapping. */
  String key(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Whether {@code key} is present (and not null). */
  boolean has(String key) {
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  /** A nested mapping; an absent one reads as empty, so its defaults apply. */
  ConfigTree child(String key) {
    JsonNode value = value(key);
    if (value == null) {
      return new ConfigTree(((ObjectNode) node).objectNode(), key(key));
    }
    if (!value.isObject()) {
      throw new ConfigException(key(key) + " must be a mapping of keys, got a " + kind(value));
    }
    return new ConfigTree(value, key(key));
  }

  /** A required, non-empty list of mappings. */
  List<ConfigTree> children(String key) {
    JsonNode value = value(key);
    if (value == null || !value.isArray() || value.isEmpty()) {
      throw new ConfigException(key(key) + " must be a non-empty list, got "
          + (value == null ? "nothing" : "a " + kind(value)));
    }
    List<ConfigTree> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      String itemPath = key(key) + "[" + i + "]";
      if (!item.isObject()) {
        throw new ConfigException(itemPath + " must be a mapping of keys, got a " + kind(item));
      }
      items.add(new ConfigTree(item, itemPath));
    }
    return items;
  }

  /** A string, or {@code fallback} when absent. Numbers are accepted as their text. */
  String string(String key, String fallback) {
    JsonNode value = value(key);
    if (value == null) {
      return fallback;
    }
    if (!value.isValueNode()) {
      throw new ConfigException(key(key) + " must be a single value, got a " + kind(value));
    }
    return value.asText();
  }

  /** A required string. */
  String requiredString(String key) {
    String value = string(key, null);
    if (value == null || value.isBlank()) {
      throw new ConfigException(key(key) + " is required");
    }
    return value;
  }

  /** An integer, or {@code fallback} when absent. */
  int integer(String key, int fallback) {
    JsonNode value = value(key);
    if (value == null) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new ConfigException(key(key) + " must be an integer, got " + describe(value));
    }
    return value.intValue();
  }

  /** A list of integers, or {@code fallback} when absent. */
  List<Integer> integers(String key, List<Integer> fallback) {
    JsonNode value = value(key);
    if (value == null) {
      return fallback;
    }
    if (!value.isArray()) {
      throw new ConfigException(key(key) + " must be a list of integers, got " + describe(value));
    }
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (!item.isIntegralNumber() || !item.canConvertToInt()) {
        throw new ConfigException(key(key) + "[" + i + "] must be an integer, got " + describe(item));
      }
      items.add(item.intValue());
    }
    return items;
  }

  /** A number, or {@code fallback} when absent. */
  double number(String key, double fallback) {
    JsonNode value = value(key);
    if (value == null) {
      return fallback;
    }
    if (!value.isNumber()) {
      throw new ConfigException(key(key) + " must be a number, got " + describe(value));
    }
    return value.doubleValue();
  }

  /**
   * A window (kernel, stride, padding) written as one integer for a square or as
   * {@code [height, width]}; {@code fallback} when absent, which null makes required.
   */
  LayerSpec.Window window(String key, LayerSpec.Window fallback) {
    JsonNode value = value(key);
    if (value == null) {
      if (fallback == null) {
        throw new ConfigException(key(key) + " is required: an integer or [height, width]");
      }
      return fallback;
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return LayerSpec.Window.square(value.intValue());
    }
    if (value.isArray() && value.size() == 2 && value.get(0).isIntegralNumber() && value.get(1).isIntegralNumber()) {
      return new LayerSpec.Window(value.get(0).intValue(), value.get(1).intValue());
    }
    throw new ConfigException(key(key) + " must be an integer or [height, width], got " + describe(value));
  }

  /** A boolean, or {@code fallback} when absent. */
  boolean bool(String key, boolean fallback) {
    JsonNode value = value(key);
    if (value == null) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new ConfigException(key(key) + " must be true or false, got " + describe(value));
    }
    return value.booleanValue();
  }

  /**
   * An enum constant written in kebab-case ({@code sync-gradient} for {@code SYNC_GRADIENT}), or
   * {@code fallback} when absent.
   */
  <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
    String text = string(key, null);
    if (text == null) {
      if (fallback == null) {
        throw new ConfigException(key(key) + " is required; one of " + allowed(type));
      }
      return fallback;
    }
    String constant = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E value : type.getEnumConstants()) {
      if (value.name().equals(constant)) {
        return value;
      }
    }
    throw new ConfigException(key(key) + " must be one of " + allowed(type) + ", got '" + text + "'");
  }

  /** Rejects any key of this mapping that is not one of {@code known}; call before the getters. */
  ConfigTree allow(String... known) {
    Set<String> allowed = new LinkedHashSet<>(Arrays.asList(known));
    allowed.addAll(common);
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new ConfigException("unknown key " + key(name) + "; allowed here: " + String.join(", ", allowed));
      }
    }
    return this;
  }

  /** The full key path of this mapping, such as {@code model.layers[1]}. */
  String path() {
    return path;
  }

  /** A config error about {@code key} under this mapping. */
  ConfigException error(String key, String problem) {
    return new ConfigException(key(key) + " " + problem);
  }

  private JsonNode value(String key) {
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? null : value;
  }

  static <E extends Enum<E>> String allowed(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(ConfigTree::name).collect(Collectors.joining(", "));
  }

  /** How an enum constant is written in YAML: {@code sync-gradient} for {@code SYNC_GRADIENT}. */
  static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String describe(JsonNode value) {
    return value.isValueNode() ? "'" + value.asText() + "'" : "a " + kind(value);
  }

  private static String kind(JsonNode value) {
    JsonNodeType type = value.getNodeType();
    return switch (type) {
      case ARRAY -> "list";
      case OBJECT -> "mapping";
      default -> type.name().toLowerCase(Locale.ROOT);
    };
  }
}
