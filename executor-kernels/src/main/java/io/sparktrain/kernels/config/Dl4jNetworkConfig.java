package io.sparktrain.kernels.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;

/**
 * A network given as a DL4J {@code MultiLayerConfiguration.toJson()} document (YAML
 * {@code model.dl4j-config}), carried as its text so that executors never read the file. The
 * JSON's updater, regularization and gradient normalization are ignored (SparkTrain's optimizer and
 * regularization apply); its dropout must be plain {@code Dropout} with a fixed probability, which
 * SparkTrain trains with its per-example seeded masks.
 *
 * @param source where the JSON was read from, for messages
 * @param json the configuration's JSON text
 */
public record Dl4jNetworkConfig(String source, String json) implements Serializable {

  /**
   * Parses the JSON and checks that SparkTrain can train it: flat feature input (a dense or output
   * first layer, or a feed-forward-to-CNN preprocessor), an output layer with a loss last, and
   * reproducible dropout only.
   */
  public Dl4jNetworkConfig {
    ConfigException.require(source != null && !source.isBlank(), "model.dl4j-config needs the file it came from");
    ConfigException.require(json != null && !json.isBlank(), "model.dl4j-config " + source + " is empty");
    MultiLayerConfiguration configuration = parse(source, json);
    int count = configuration.getConfs().size();
    ConfigException.require(count > 0, "model.dl4j-config " + source + " has no layers");
    Layer last = configuration.getConf(count - 1).getLayer();
    ConfigException.require(last instanceof BaseOutputLayer, "model.dl4j-config " + source
        + ": the last layer must be an output layer with a loss function, got a " + last.getClass().getSimpleName());
    Layer first = configuration.getConf(0).getLayer();
    InputPreProcessor preprocessor = configuration.getInputPreProcess(0);
    ConfigException.require(preprocessor instanceof FeedForwardToCnnPreProcessor
        || preprocessor == null && (first instanceof DenseLayer || first instanceof BaseOutputLayer),
        "model.dl4j-config " + source + ": layer 0 is a " + first.getClass().getSimpleName()
            + (preprocessor == null ? "" : " after a " + preprocessor.getClass().getSimpleName())
            + " but SparkTrain feeds flat feature vectors: start with a dense layer, or build the configuration"
            + " with setInputType(InputType.feedForward(n)) or InputType.convolutionalFlat(height, width, channels)");
    for (int i = 0; i < count; i++) {
      Layer layer = configuration.getConf(i).getLayer();
      IDropout dropout = layer.getIDropout();
      ConfigException.require(dropout == null || dropout.getClass() == Dropout.class
          && ((Dropout) dropout).getPSchedule() == null, "model.dl4j-config " + source + ": layer " + i
          + " uses " + (dropout == null ? "" : dropout.getClass().getSimpleName())
          + (dropout instanceof Dropout ? " with a probability schedule" : "")
          + ", which cannot be made reproducible across workers; use Dropout with a fixed probability, or none");
      ConfigException.require(!(layer instanceof BaseLayer base) || base.getWeightNoise() == null,
          "model.dl4j-config " + source + ": layer " + i + " uses weight noise, which cannot be made"
              + " reproducible across workers; remove it");
    }
  }

  /** A new copy of the parsed configuration, as the JSON gives it. */
  public MultiLayerConfiguration configuration() {
    return parse(source, json);
  }

  /** Number of layers. */
  public int layerCount() {
    return configuration().getConfs().size();
  }

  /** Each layer's DL4J name (DL4J names layers {@code layer0}, {@code layer1}, ... by default). */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    configuration().getConfs().forEach(layer -> names.add(layer.getLayer().getLayerName()));
    return names;
  }

  /** Width of the output layer ({@code nOut}). */
  public long outputUnits() {
    MultiLayerConfiguration configuration = configuration();
    return ((BaseOutputLayer) configuration.getConf(configuration.getConfs().size() - 1).getLayer()).getNOut();
  }

  /** Features per example that the first layer takes. */
  public long inputWidth() {
    MultiLayerConfiguration configuration = configuration();
    if (configuration.getInputPreProcess(0) instanceof FeedForwardToCnnPreProcessor image) {
      return image.getInputHeight() * image.getInputWidth() * image.getNumChannels();
    }
    Layer first = configuration.getConf(0).getLayer();
    return first instanceof DenseLayer dense ? dense.getNIn() : ((BaseOutputLayer) first).getNIn();
  }

  @Override
  public String toString() {
    return "Dl4jNetworkConfig[" + source + "]";
  }

  private static MultiLayerConfiguration parse(String source, String json) {
    try {
      return MultiLayerConfiguration.fromJson(json);
    } catch (RuntimeException e) {
      throw new ConfigException("model.dl4j-config " + source + " is not a DL4J MultiLayerConfiguration JSON"
          + " (MultiLayerConfiguration.toJson()): " + firstLine(e));
    }
  }

  private static String firstLine(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = String.valueOf(cause.getMessage());
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
