package io.sparktrain.kernels.config;

import java.io.Serializable;
import java.util.List;

/**
 * A feed-forward network given as a layer list (YAML {@code model}).
 *
 * @param init weight initialization for every layer
 * @param input the image shape of the features, required by convolution and subsampling layers;
 *     null for flat feature vectors
 * @param layers hidden layers followed by exactly one output layer; image layers come first
 * @param frozenLayers how many leading layers keep their parameters unchanged during training
 *     (for fine-tuning), from 0 to the number of hidden layers
 */
public record ModelSpec(Initialization init, ImageShape input, List<LayerSpec> layers, int frozenLayers)
    implements Serializable {

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
    return new ModelSpec(init, input, layers, count);
  }

  private static String typeName(LayerSpec layer) {
    return layer.getClass().getSimpleName().toLowerCase();
  }
}
