package io.sparktrain.jobs.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.driver.data.FeatureScaling;
import io.sparktrain.driver.data.InputSchema;
import io.sparktrain.driver.data.Normalization;
import io.sparktrain.kernels.config.ImageShape;
import io.sparktrain.kernels.config.InputShape;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.SequenceShape;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.model.NetworkShape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code model.zip} in DL4J's {@link ModelSerializer} format, loadable by plain DL4J: the network
 * with its parameters and the fitted feature normalization as a DL4J normalizer (min-max or
 * standardize), so that {@code ModelSerializer.restoreNormalizerFromFile} gives the same inputs.
 *
 * <p>A sequence model ({@code model.input {steps, features}}) takes {@code [examples, features,
 * steps]} arrays (DL4J's NCW), or {@code [examples, steps]} token ids when its first layer is an
 * embedding; the normalizer applies to the flat rows of {@code steps * features} values before
 * they are reshaped. DL4J's configuration does not record the number of steps, so the zip also
 * holds {@code input-shape.json} ({@code {"steps": T, "features": F}}), which plain DL4J ignores.
 *
 * <p>The zip is written here rather than by {@code ModelSerializer.writeModel}: that method wraps
 * the stream in a commons-io {@code CloseShieldOutputStream}, and with the commons-io that Spark
 * puts first on every classpath (2.16) its final flush throws "stream is closed".
 */
public final class ModelFiles {
  private static final String CONFIGURATION = "configuration.json";
  private static final String COEFFICIENTS = "coefficients.bin";
  private static final String NORMALIZER = "normalizer.bin";
  private static final String INPUT_SHAPE = "input-shape.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private ModelFiles() {}

  /**
   * A trained model read back.
   *
   * @param network the DL4J network
   * @param schema the input width and normalization it expects
   * @param input the image or sequence shape of its input, or null for flat input
   * @param source where it was read from, for messages
   */
  public record SavedModel(MultiLayerNetwork network, InputSchema schema, InputShape input, String source) {
    /** The flat parameters. */
    public float[] parameters() {
      return network.params().toFloatVector();
    }

    /** The DL4J layer names of every layer but the output layer, in order (null where unnamed). */
    public List<String> hiddenLayerNames() {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < network.getnLayers() - 1; i++) {
        names.add(network.getLayerWiseConfigurations().getConf(i).getLayer().getLayerName());
      }
      return names;
    }
  }

  /** Writes the model to a new local file, ready to be copied to the output folder. */
  public static Path writeLocal(ModelSpec model, NetworkShape shape, float[] parameters, FeatureScaling scaling)
      throws IOException {
    MultiLayerNetwork network = NetworkFactory.build(model, shape, 0);
    network.setParams(Nd4j.createFromArray(parameters));
    Path file = Files.createTempFile("sparktrain-model", ".zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      entry(zip, CONFIGURATION, network.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8));
      ByteArrayOutputStream coefficients = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(coefficients)) {
        Nd4j.write(network.params(), out);
      }
      entry(zip, COEFFICIENTS, coefficients.toByteArray());
      if (model.input() instanceof SequenceShape sequence) {
        entry(zip, INPUT_SHAPE, JSON.writeValueAsBytes(Map.of("steps", sequence.steps(),
            "features", sequence.features())));
      }
      DataNormalization normalizer = toDl4j(scaling);
      if (normalizer != null) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NormalizerSerializer.getDefault().write(normalizer, bytes);
        entry(zip, NORMALIZER, bytes.toByteArray());
      }
    } catch (Exception e) {
      Files.deleteIfExists(file);
      throw e instanceof IOException io ? io : new IOException("cannot write the model: " + e.getMessage(), e);
    }
    return file;
  }

  /** Reads a model written by {@link #writeLocal} (or any DL4J MultiLayerNetwork zip). */
  public static SavedModel read(Path file) {
    try {
      MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
      DataNormalization normalizer = ModelSerializer.restoreNormalizerFromFile(file.toFile());
      InputShape input = inputShape(file, network);
      int width = input == null ? (int) network.layerInputSize(0) : input.size();
      return new SavedModel(network, new InputSchema(width, fromDl4j(normalizer, width)), input, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The input's image shape (from the network's first preprocessor) or sequence shape (from
   * {@code input-shape.json}); null for flat input. A convolutional or recurrent first layer counts
   * channels or features, not values per example.
   */
  private static InputShape inputShape(Path file, MultiLayerNetwork network) throws IOException {
    if (network.getLayerWiseConfigurations().getInputPreProcess(0) instanceof FeedForwardToCnnPreProcessor image) {
      return new ImageShape((int) image.getInputHeight(), (int) image.getInputWidth(), (int) image.getNumChannels());
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry entry = zip.getEntry(INPUT_SHAPE);
      if (entry == null) {
        return null;
      }
      Map<?, ?> shape = JSON.readValue(zip.getInputStream(entry), Map.class);
      return new SequenceShape(((Number) shape.get("steps")).intValue(), ((Number) shape.get("features")).intValue());
    }
  }

  private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  private static DataNormalization toDl4j(FeatureScaling scaling) {
    int width = scaling.width();
    float[] offset = scaling.offset();
    float[] upper = new float[width];
    float[] deviation = new float[width];
    for (int f = 0; f < width; f++) {
      upper[f] = offset[f] + 1f / scaling.scale()[f];
      deviation[f] = 1f / scaling.scale()[f];
    }
    return switch (scaling.kind()) {
      case NONE -> null;
      case SCALE -> {
        var minMax = new NormalizerMinMaxScaler();
        minMax.setFeatureStats(Nd4j.createFromArray(offset).reshape(1, width),
            Nd4j.createFromArray(upper).reshape(1, width));
        yield minMax;
      }
      case STANDARDIZE -> new NormalizerStandardize(Nd4j.createFromArray(offset).reshape(1, width),
          Nd4j.createFromArray(deviation).reshape(1, width));
    };
  }

  private static FeatureScaling fromDl4j(DataNormalization normalizer, int width) {
    float[] offset = new float[width];
    float[] scale = new float[width];
    java.util.Arrays.fill(scale, 1f);
    if (normalizer instanceof NormalizerMinMaxScaler minMax) {
      float[] low = minMax.getMin().toFloatVector();
      float[] high = minMax.getMax().toFloatVector();
      for (int f = 0; f < width; f++) {
        offset[f] = low[f];
        scale[f] = 1f / (high[f] - low[f]);
      }
      return new FeatureScaling(Normalization.SCALE, offset, scale);
    }
    if (normalizer instanceof NormalizerStandardize standardize) {
      float[] mean = standardize.getMean().toFloatVector();
      float[] std = standardize.getStd().toFloatVector();
      for (int f = 0; f < width; f++) {
        offset[f] = mean[f];
        scale[f] = 1f / std[f];
      }
      return new FeatureScaling(Normalization.STANDARDIZE, offset, scale);
    }
    if (normalizer != null) {
      throw new IllegalArgumentException("model.zip holds a " + normalizer.getClass().getSimpleName()
          + "; SparkTrain reads min-max and standardize normalizers only");
    }
    return new FeatureScaling(Normalization.NONE, offset, scale);
  }
}
