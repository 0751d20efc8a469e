package io.sparktrain.kernels.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A feed-forward network given as a layer list (YAML {@code model}).
 *
 * @param init weight initialization for every layer
 * @param input the image shape of the features, required by convolution and subsampling layers;
 *     null for flat feature vectors
 * @param layers hidden layers followed by exactly one output layer; image layers come first
 * @param frozenLayers how many leading layers keep their parameters unchanged during training
 *     (for fine-tuning), from 0 to the number of hidden layers
 * @param names each layer's name (YAML {@code model.layers[i].name}), kept as the DL4J layer name
 *     of saved models; one entry per layer, null for a layer without a name; names are unique
 */
public record ModelSpec(Initialization init, ImageShape input, List<LayerSpec> layers, int frozenLayers,
    List<String> names) implements Serializable {

  /**
   * Validates the list: one output layer, last; image layers only on image input, before the rest;
   * batch normalization right after a dense or convolution layer.
   */
  public ModelSpec {
    ConfigException.require(init != null, "model.init is required");
    ConfigException.require(layers != null && !layers.isEmpty(),
        "model.layers must list at least the output layer");
    layers = List.copyOf(layers);
    ConfigException.require(frozenLayers >= 0 && frozenLayers < layers.size(), "model.freeze-layers must be in [0, "
        + (layers.size() - 1) + "] (the output layer always trains), got " + frozenLayers);
    names = names == null ? Collections.nCopies(layers.size(), null) : Collections.unmodifiableList(new ArrayList<>(names));
    ConfigException.require(names.size() == layers.size(),
        "model.layers has " + layers.size() + " layers but " + names.size() + " names");
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      ConfigException.require(name == null || !name.isBlank(), "model.layers[" + i + "].name must not be blank");
      int first = name == null ? i : names.indexOf(name);
      ConfigException.require(first == i, "model.layers[" + i + "].name '" + name + "' is already the name of model.layers["
          + first + "]; layer names must be unique");
    }
    boolean flat = input == null;
    for (int i = 0; i < layers.size(); i++) {
      LayerSpec layer = layers.get(i);
      boolean last = i == layers.size() - 1;
      ConfigException.require(last == layer instanceof LayerSpec.Output, last
          ? "model.layers: the last layer must have type output, got " + typeName(layer)
          : "model.layers[" + i + "] is an output layer; only the last layer may be one");
      if (layer instanceof LayerSpec.BatchNormalization) {
        LayerSpec previous = i == 0 ? null : layers.get(i - 1);
        ConfigException.require(previous instanceof LayerSpec.Dense || previous instanceof LayerSpec.Convolution,
            "model.layers[" + i + "]: a batch-normalization layer must follow a dense or convolution layer, got "
                + (previous == null ? "the input" : "a " + typeName(previous) + " layer"));
        continue;
      }
      boolean image = layer instanceof LayerSpec.Convolution || layer instanceof LayerSpec.Subsampling;
      ConfigException.require(!image || input != null,
          "model.layers[" + i + "] is a " + typeName(layer) + " layer: set model.input {height, width, channels}");
      ConfigException.require(!image || !flat,
          "model.layers[" + i + "]: a " + typeName(layer) + " layer cannot follow a dense layer");
      flat = flat || !image;
    }
  }

  /** A model of unnamed layers. */
  public ModelSpec(Initialization init, ImageShape input, List<LayerSpec> layers, int frozenLayers) {
    this(init, input, layers, frozenLayers, null);
  }

  /** A model over flat feature vectors with every layer trained. */
  public ModelSpec(Initialization init, List<LayerSpec> layers) {
    this(init, null, layers, 0);
  }

  /** A model with every layer trained. */
  public ModelSpec(Initialization init, ImageShape input, List<LayerSpec> layers) {
    this(init, input, layers, 0);
  }

  /** This model with its first {@code count} layers frozen. */
  public ModelSpec freezing(int count) {
    return new ModelSpec(init, input, layers, count, names);
  }

  /** This model with these layer names (null entries: unnamed). */
  public ModelSpec naming(List<String> layerNames) {
    return new ModelSpec(init, input, layers, frozenLayers, layerNames);
  }

  /**
   * This model with every layer up to and including the one named {@code name} frozen (YAML
   * {@code model.freeze-up-to}).
   *
   * @throws ConfigException if no layer has that name, or it is the output layer, which always trains
   */
  public ModelSpec freezingUpTo(String name) {
    int index = names.indexOf(name);
    if (index < 0) {
      List<String> named = names.stream().filter(Objects::nonNull).toList();
      throw new ConfigException("model.freeze-up-to names no layer, got '" + name + "'; "
          + (named.isEmpty() ? "no layer has a name (set model.layers[i].name)" : "the layer names are "
          + String.join(", ", named)));
    }
    ConfigException.require(index < layers.size() - 1, "model.freeze-up-to names the output layer '" + name
        + "', which always trains; name a hidden layer");
    return freezing(index + 1);
  }

  private static String typeName(LayerSpec layer) {
    return layer.getClass().getSimpleName().toLowerCase();
  }
}
