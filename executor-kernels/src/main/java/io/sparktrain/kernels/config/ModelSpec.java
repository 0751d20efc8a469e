package io.sparktrain.kernels.config;

import java.io.Serializable;
import java.util.List;

/**
 * A feed-forward network given as a layer list (YAML {@code model}).
 *
 * @param init weight initialization for every layer
 * @param input the image or sequence shape of the features, required by convolution, subsampling
 *     and lstm layers; null for flat feature vectors (or one token id per row for an embedding)
 * @param layers hidden layers followed by exactly one output layer; image layers come first, and a
 *     layer that produces a sequence is followed by one that reads sequences
 * @param frozenLayers how many leading layers keep their parameters unchanged during training
 *     (for fine-tuning), from 0 to the number of hidden layers
 */
public record ModelSpec(Initialization init, InputShape input, List<LayerSpec> layers, int frozenLayers)
    implements Serializable {

  /**
   * Validates the list: one output layer, last; image layers only on image input, before the rest;
   * each layer able to read what the layer before it (or the input) produces.
   */
  public ModelSpec {
    ConfigException.require(init != null, "model.init is required");
    ConfigException.require(layers != null && !layers.isEmpty(),
        "model.layers must list at least the output layer");
    layers = List.copyOf(layers);
    ConfigException.require(frozenLayers >= 0 && frozenLayers < layers.size(), "model.freeze-layers must be in [0, "
        + (layers.size() - 1) + "] (the output layer always trains), got " + frozenLayers);
    Form form = input == null ? Form.FLAT : input instanceof ImageShape ? Form.IMAGE : Form.SEQUENCE;
    for (int i = 0; i < layers.size(); i++) {
      LayerSpec layer = layers.get(i);
      boolean last = i == layers.size() - 1;
      ConfigException.require(last == layer instanceof LayerSpec.Output, last
          ? "model.layers: the last layer must have type output, got " + typeName(layer)
          : "model.layers[" + i + "] is an output layer; only the last layer may be one");
      form = formAfter(layers, i, form, input);
    }
  }

  /** A model over flat feature vectors with every layer trained. */
  public ModelSpec(Initialization init, List<LayerSpec> layers) {
    this(init, null, layers, 0);
  }

  /** A model with every layer trained. */
  public ModelSpec(Initialization init, InputShape input, List<LayerSpec> layers) {
    this(init, input, layers, 0);
  }

  /** This model with its first {@code count} layers frozen. */
  public ModelSpec freezing(int count) {
    return new ModelSpec(init, input, layers, count);
  }

  /** Whether the first layer is an embedding: the features are token ids. */
  public boolean readsTokenIds() {
    return layers.get(0) instanceof LayerSpec.Embedding;
  }

  /** What the activations between layers are: flat vectors, images or sequences. */
  private enum Form { FLAT, IMAGE, SEQUENCE }

  /** Checks that layer {@code i} can read {@code form} and returns the form it produces. */
  private static Form formAfter(List<LayerSpec> layers, int i, Form form, InputShape input) {
    LayerSpec layer = layers.get(i);
    String at = "model.layers[" + i + "]";
    String source = i == 0 ? "model.input" : "model.layers[" + (i - 1) + "] (" + typeName(layers.get(i - 1)) + ")";
    if (layer instanceof LayerSpec.Convolution || layer instanceof LayerSpec.Subsampling) {
      ConfigException.require(input != null,
          at + " is a " + typeName(layer) + " layer: set model.input {height, width, channels}");
      ConfigException.require(input instanceof ImageShape, at + " is a " + typeName(layer)
          + " layer, which reads images, but model.input is a sequence of " + input);
      if (form != Form.IMAGE) {
        throw new ConfigException(at + ": a " + typeName(layer) + " layer cannot follow a "
            + typeName(layers.get(i - 1)) + " layer");
      }
      return Form.IMAGE;
    }
    if (layer instanceof LayerSpec.Dense || layer instanceof LayerSpec.Output) {
      String kind = layer instanceof LayerSpec.Dense ? "a dense" : "an output";
      ConfigException.require(form != Form.SEQUENCE, at + ": " + kind + " layer cannot read the sequence that "
          + source + " gives: put an lstm with return-sequences: false or a global-pooling layer before it");
      return Form.FLAT;
    }
    if (layer instanceof LayerSpec.Lstm lstm) {
      ConfigException.require(form == Form.SEQUENCE, at + " is an lstm layer, which reads sequences, but "
          + source + " gives " + (form == Form.IMAGE ? "images" : "flat vectors")
          + (i == 0 ? ": set model.input {steps, features}" : ""));
      return lstm.returnSequences() ? Form.SEQUENCE : Form.FLAT;
    }
    if (layer instanceof LayerSpec.Embedding) {
      ConfigException.require(i == 0, at + ": an embedding layer reads token ids, so it must be the first layer");
      ConfigException.require(!(input instanceof ImageShape), at + ": an embedding layer reads token ids, not "
          + "images: use model.input {steps, features: 1} for token sequences, or no model.input for one token");
      int perStep = input instanceof SequenceShape sequence ? sequence.features() : 1;
      ConfigException.require(perStep == 1, at + ": an embedding layer reads one token id per step, so"
          + " model.input.features must be 1, got " + perStep);
      return input == null ? Form.FLAT : Form.SEQUENCE;
    }
    ConfigException.require(form != Form.FLAT, at + ": a global-pooling layer pools over the steps of a sequence"
        + " or the positions of an image, but " + source + " gives flat vectors");
    return Form.FLAT;
  }

  private static String typeName(LayerSpec layer) {
    return layer.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
  }
}
