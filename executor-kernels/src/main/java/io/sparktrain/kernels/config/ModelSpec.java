package io.sparktrain.kernels.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A feed-forward network given as a layer list or as a DL4J JSON configuration (YAML {@code model}).
 *
 * @param init weight initialization for every layer; null with a DL4J configuration
 * @param input the image or sequence shape of the features, required by convolution, subsampling
 *     and lstm layers; null for flat feature vectors (or one token id per row for an embedding)
 * @param layers hidden layers followed by exactly one output layer; image layers come first, and a
 *     layer that produces a sequence is followed by one that reads sequences
 * @param frozenLayers how many leading layers keep their parameters unchanged during training
 *     (for fine-tuning), from 0 to the number of hidden layers
 * @param names each layer's name (YAML {@code model.layers[i].name}), kept as the DL4J layer name
 *     of saved models; one entry per layer, null for a layer without a name; names are unique.
 *     Null means none, or the DL4J configuration's own layer names
 * @param dl4j the network as a DL4J JSON configuration (YAML {@code model.dl4j-config}) instead of
 *     {@code layers}, which is then empty; null for a layer list
 */
public record ModelSpec(Initialization init, InputShape input, List<LayerSpec> layers, int frozenLayers,
    List<String> names, Dl4jNetworkConfig dl4j) implements Serializable {

  /**
   * Validates the list: one output layer, last; image layers only on image input, before the rest;
   * each layer able to read what the layer before it (or the input) produces; batch normalization
   * right after a dense or convolution layer.
   */
  public ModelSpec {
    ConfigException.require(dl4j == null || layers == null || layers.isEmpty(),
        "model.layers and model.dl4j-config are alternatives: set one of them");
    ConfigException.require(dl4j == null || init == null, "model.init does not apply to model.dl4j-config "
        + (dl4j == null ? "" : dl4j.source()) + ": the JSON sets each layer's weight initialization");
    ConfigException.require(dl4j == null || input == null, "model.input does not apply to model.dl4j-config "
        + (dl4j == null ? "" : dl4j.source()) + ": the JSON's input type and preprocessors shape the input");
    ConfigException.require(dl4j != null || init != null, "model.init is required");
    ConfigException.require(dl4j != null || layers != null && !layers.isEmpty(),
        "model.layers must list at least the output layer (or set model.dl4j-config)");
    layers = layers == null ? List.of() : List.copyOf(layers);
    int count = dl4j == null ? layers.size() : dl4j.layerCount();
    ConfigException.require(frozenLayers >= 0 && frozenLayers < count, "model.freeze-layers must be in [0, "
        + (count - 1) + "] (the output layer always trains), got " + frozenLayers);
    if (names == null) {
      names = dl4j == null ? Collections.nCopies(count, null) : dl4j.names();
    }
    names = Collections.unmodifiableList(new ArrayList<>(names));
    ConfigException.require(names.size() == count, "model.layers has " + count + " layers but " + names.size()
        + " names");
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      ConfigException.require(name == null || !name.isBlank(), "model.layers[" + i + "].name must not be blank");
      int first = name == null ? i : names.indexOf(name);
      ConfigException.require(first == i, "model.layers[" + i + "].name '" + name + "' is already the name of model.layers["
          + first + "]; layer names must be unique");
    }
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

  /** A layer-list model. */
  public ModelSpec(Initialization init, InputShape input, List<LayerSpec> layers, int frozenLayers,
      List<String> names) {
    this(init, input, layers, frozenLayers, names, null);
  }

  /** A model of unnamed layers. */
  public ModelSpec(Initialization init, InputShape input, List<LayerSpec> layers, int frozenLayers) {
    this(init, input, layers, frozenLayers, null);
  }

  /** The network of a DL4J JSON configuration, with every layer trained. */
  public static ModelSpec of(Dl4jNetworkConfig dl4j) {
    return new ModelSpec(null, null, List.of(), 0, null, dl4j);
  }

  /** Number of layers, the output layer included. */
  public int layerCount() {
    return names.size();
  }

  /**
   * Width of the output layer: {@code units} of the output layer (0: from the data), or the DL4J
   * configuration's {@code nOut}.
   */
  public long outputUnits() {
    return dl4j == null ? ((LayerSpec.Output) layers.get(layers.size() - 1)).units() : dl4j.outputUnits();
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
    return new ModelSpec(init, input, layers, count, names, dl4j);
  }

  /** This model with these layer names (null entries: unnamed). */
  public ModelSpec naming(List<String> layerNames) {
    return new ModelSpec(init, input, layers, frozenLayers, layerNames, dl4j);
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
    ConfigException.require(index < layerCount() - 1, "model.freeze-up-to names the output layer '" + name
        + "', which always trains; name a hidden layer");
    return freezing(index + 1);
  }

  /** Whether the first layer is an embedding: the features are token ids. */
  public boolean readsTokenIds() {
    return !layers.isEmpty() && layers.get(0) instanceof LayerSpec.Embedding;
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
    if (layer instanceof LayerSpec.BatchNormalization) {
      LayerSpec previous = i == 0 ? null : layers.get(i - 1);
      ConfigException.require(previous instanceof LayerSpec.Dense || previous instanceof LayerSpec.Convolution,
          at + ": a batch-normalization layer must follow a dense or convolution layer, got "
              + (previous == null ? "the input" : "a " + typeName(previous) + " layer"));
      return form;
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
