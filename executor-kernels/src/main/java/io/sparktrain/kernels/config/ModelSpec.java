package io.sparktrain.kernels.config;

import java.io.Serializable;
import java.util.List;

/**
 * A feed-forward network given as a layer list (YAML {@code model}).
 *
 * @param init weight initialization for every layer
 * @param layers hidden layers followed by exactly one output layer
 */
public record ModelSpec(Initialization init, List<LayerSpec> layers) implements Serializable {

  /** Validates the list: non-empty, one output layer, last. */
  public ModelSpec {
    ConfigException.require(init != null, "model.init is required");
    ConfigException.require(layers != null && !layers.isEmpty(),
        "model.layers must list at least the output layer");
    layers = List.copyOf(layers);
    for (int i = 0; i < layers.size() - 1; i++) {
      ConfigException.require(layers.get(i).type() != LayerType.OUTPUT,
          "model.layers[" + i + "] is an output layer; only the last layer may be one");
    }
    ConfigException.require(layers.get(layers.size() - 1).type() == LayerType.OUTPUT,
        "model.layers: the last layer must have type output, got "
            + layers.get(layers.size() - 1).type().name().toLowerCase());
  }
}
