package io.sparktrain.kernels.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** The facts read from one JSON text; records are rebuilt on every deserialization, so they are kept. */
  private record Facts(int layerCount, List<String> names, long outputUnits, long inputWidth) {}

  /** Validated texts of this JVM, least recently used first; a job uses one or a few. */
  private static final Map<String, Facts> VALIDATED = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Facts> eldest) {
          return size() > 16;
        }
      });

  /**
   * Parses the JSON and checks that SparkTrain can train it: flat feature input (a dense or output
   * first layer, or a feed-forward-to-CNN preprocessor), an output layer with a loss last, and
   * reproducible dropout only. A text already validated in this JVM is not parsed again (the
   * record is rebuilt each time a task that carries it is deserialized).
   */
  public Dl4jNetworkConfig {
    ConfigException.require(source != null && !source.isBlank(), "model.dl4j-config needs the file it came from");
    ConfigException.require(json != null && !json.isBlank(), "model.dl4j-config " + source + " is empty");
    facts(source, json);
  }

  private static Facts facts(String source, String json) {
    Facts known = VALIDATED.get(json);
    if (known == null) {
      known = validate(source, parse(source, json));
      VALIDATED.put(json, known);
    }
    return known;
  }

  private static Facts validate(String source, MultiLayerConfiguration configuration) {
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
    List<String> names = new ArrayList<>();
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
      names.add(layer.getLayerName());
    }
    long inputWidth = preprocessor instanceof FeedForwardToCnnPreProcessor image
        ? image.getInputHeight() * image.getInputWidth() * image.getNumChannels()
        : first instanceof DenseLayer dense ? dense.getNIn() : ((BaseOutputLayer) first).getNIn();
    return new Facts(count, Collections.unmodifiableList(names), ((BaseOutputLayer) last).getNOut(), inputWidth);
  }

  /** A new copy of the parsed configuration, as the JSON gives it. */
  public MultiLayerConfiguration configuration() {
    return parse(source, json);
  }

  /** Number of layers. */
  public int layerCount() {
    return facts(source, json).layerCount();
  }

  /** Each layer's DL4J name (DL4J names layers {@code layer0}, {@code layer1}, ... by default). */
  public List<String> names() {
    return facts(source, json).names();
  }

  /** Width of the output layer ({@code nOut}). */
  public long outputUnits() {
    return facts(source, json).outputUnits();
  }

  /** Features per example that the first layer takes. */
  public long inputWidth() {
    return facts(source, json).inputWidth();
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
