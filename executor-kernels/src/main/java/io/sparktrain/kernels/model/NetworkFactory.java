package io.sparktrain.kernels.model;

import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.Dl4jNetworkConfig;
import io.sparktrain.kernels.config.ImageShape;
import io.sparktrain.kernels.config.InputShape;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.SequenceShape;
import java.util.ArrayList;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Builds a DL4J {@link MultiLayerNetwork} from a {@link ModelSpec}. The network carries no
 * updater and no regularization of its own: SparkTrain applies those to flat buffers, the same
 * way on every executor and in the reference trainer.
 *
 * <p>What the network takes as input ({@link #inputArray}): flat rows {@code [examples, width]}
 * for flat input, images and single token ids; for sequence input {@code [examples, features,
 * steps]} (DL4J's NCW {@link org.deeplearning4j.nn.conf.RNNFormat}); for token-id sequences
 * {@code [examples, steps]}. An lstm without {@code return-sequences} is wrapped in DL4J's
 * {@link LastTimeStep}.
 */
public final class NetworkFactory {
  private NetworkFactory() {}

  /**
   * Creates and initializes the network, with DL4J's own dropout: the form that is saved, and that
   * plain DL4J can load.
   *
   * @param spec the layer list
   * @param shape input width and output width
   * @param seed seed of the weight initialization
   * @return an initialized network in float precision
   */
  public static MultiLayerNetwork build(ModelSpec spec, NetworkShape shape, long seed) {
    return build(spec, shape, seed, false);
  }

  /** The network that computes training gradients: dropout masks follow the example ids. */
  static MultiLayerNetwork buildForTraining(ModelSpec spec, NetworkShape shape) {
    return build(spec, shape, 0, true);
  }

  private static MultiLayerNetwork build(ModelSpec spec, NetworkShape shape, long seed, boolean exampleDropout) {
    if (spec.dl4j() != null) {
      return fromJson(spec, shape, seed, exampleDropout);
    }
    var list = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new NoOp())
        .weightInit(spec.init().dl4j())
        .miniBatch(true)
        .list()
        // An embedding's nIn is its vocabulary, not the input width; no other layer sets nIn.
        .overrideNinUponBuild(false);
    for (int i = 0; i < spec.layers().size(); i++) {
      boolean normalized = i + 1 < spec.layers().size()
          && spec.layers().get(i + 1) instanceof LayerSpec.BatchNormalization;
      Layer layer = toDl4j(spec, i, shape, exampleDropout, normalized);
      if (spec.names().get(i) != null) {
        layer.setLayerName(spec.names().get(i));
      }
      list.layer(i, layer);
    }
    list.setInputType(inputType(spec, shape));
    MultiLayerNetwork network = new MultiLayerNetwork(list.build());
    network.init();
    return network;
  }

  /**
   * The network of a DL4J JSON configuration, made like a layer list's: float precision, the job's
   * seed, no updater, regularization or gradient normalization of its own, the spec's layer names,
   * and dropout with per-example masks for training.
   */
  private static MultiLayerNetwork fromJson(ModelSpec spec, NetworkShape shape, long seed, boolean exampleDropout) {
    Dl4jNetworkConfig dl4j = spec.dl4j();
    ConfigException.require(dl4j.inputWidth() == shape.inputs(), "model.dl4j-config " + dl4j.source() + " takes "
        + dl4j.inputWidth() + " features per example but the data has " + shape.inputs());
    ConfigException.require(dl4j.outputUnits() == shape.outputs(), "model.dl4j-config " + dl4j.source()
        + ": the output layer has nOut " + dl4j.outputUnits() + " but the data needs " + shape.outputs()
        + (shape.classification() ? " (data.classes)" : " (regression)"));
    MultiLayerConfiguration configuration = dl4j.configuration();
    configuration.setDataType(DataType.FLOAT);
    for (int i = 0; i < configuration.getConfs().size(); i++) {
      NeuralNetConfiguration conf = configuration.getConf(i);
      conf.setSeed(seed);
      conf.setMiniBatch(true);
      conf.setDataType(DataType.FLOAT);
      Layer layer = conf.getLayer();
      layer.setLayerName(spec.names().get(i));
      if (layer instanceof BaseLayer base) {
        base.setIUpdater(new NoOp());
        base.setBiasUpdater(null);
        base.setRegularization(new ArrayList<>());
        base.setRegularizationBias(new ArrayList<>());
        base.setGradientNormalization(GradientNormalization.None);
      }
      if (exampleDropout && layer.getIDropout() instanceof Dropout dropout) {
        layer.setIDropout(new ExampleDropout(i, dropout.getP()));
      }
    }
    MultiLayerNetwork network = new MultiLayerNetwork(configuration);
    network.init();
    return network;
  }

  /** The initial flat parameter vector of the network that {@link #build} makes. */
  public static float[] initialParameters(ModelSpec spec, NetworkShape shape, long seed) {
    return build(spec, shape, seed).params().toFloatVector();
  }

  /**
   * The array that a network of {@code spec} (as built here, or read back from a saved model) takes
   * for {@code rows} flat examples: see the class comment for its shape.
   *
   * @param features {@code rows * width} values, example after example
   */
  public static INDArray inputArray(ModelSpec spec, float[] features, int rows, int width) {
    INDArray flat = Nd4j.create(features, new long[] {rows, width}, 'c');
    if (!(spec.input() instanceof SequenceShape sequence) || spec.readsTokenIds()) {
      return flat;
    }
    return flat.reshape('c', rows, sequence.steps(), sequence.features()).permute(0, 2, 1).dup('c');
  }

  private static InputType inputType(ModelSpec spec, NetworkShape shape) {
    InputShape input = spec.input();
    if (input == null) {
      ConfigException.require(!spec.readsTokenIds() || shape.inputs() == 1, "model.layers[0]: an embedding layer"
          + " on flat input reads one token id per row, but the data has " + shape.inputs() + " values per row: set"
          + " model.input {steps: " + shape.inputs() + ", features: 1} for token sequences");
      return InputType.feedForward(shape.inputs());
    }
    ConfigException.require(input.size() == shape.inputs(), "model.input is " + describe(input) + " = "
        + input.size() + " values but the data has " + shape.inputs() + " features per example");
    if (input instanceof ImageShape image) {
      return InputType.convolutionalFlat(image.height(), image.width(), image.channels());
    }
    SequenceShape sequence = (SequenceShape) input;
    return InputType.recurrent(sequence.features(), sequence.steps());
  }

  private static String describe(InputShape input) {
    return input instanceof ImageShape image
        ? image.height() + "x" + image.width() + "x" + image.channels()
        : input.toString();
  }

  private static PoolingType poolingType(LayerSpec.Pooling pooling) {
    return pooling == LayerSpec.Pooling.MAX ? PoolingType.MAX : PoolingType.AVG;
  }

  /**
   * The DL4J builder of one layer. A dense or convolution layer followed by batch normalization
   * has no bias: the normalization subtracts it again, so its gradient is 0 up to rounding noise,
   * which adaptive updaters such as Adam would blow up into steps of the full learning rate.
   */
  private static Layer.Builder<?> builderFor(ModelSpec spec, LayerSpec layer, NetworkShape shape,
      boolean normalized) {
    if (layer instanceof LayerSpec.Dense dense) {
      return new DenseLayer.Builder().nOut(dense.units()).activation(dense.activation()).hasBias(!normalized);
    }
    if (layer instanceof LayerSpec.Output output) {
      return new OutputLayer.Builder(output.loss())
          .nOut(output.units() == 0 ? shape.outputs() : output.units()).activation(output.activation());
    }
    if (layer instanceof LayerSpec.Convolution conv) {
      return new ConvolutionLayer.Builder(conv.kernel().height(), conv.kernel().width())
          .stride(conv.stride().height(), conv.stride().width())
          .padding(conv.padding().height(), conv.padding().width())
          .nOut(conv.filters()).activation(conv.activation()).hasBias(!normalized);
    }
    if (layer instanceof LayerSpec.BatchNormalization norm) {
      return new BatchNormalization.Builder().decay(norm.decay()).eps(norm.epsilon()).activation(norm.activation());
    }
    if (layer instanceof LayerSpec.Lstm lstm) {
      return new LSTM.Builder().nOut(lstm.units()).activation(lstm.activation());
    }
    if (layer instanceof LayerSpec.Embedding embedding) {
      if (spec.input() instanceof SequenceShape sequence) {
        return new EmbeddingSequenceLayer.Builder().nIn(embedding.vocabulary()).nOut(embedding.units())
            .inputLength(sequence.steps()).hasBias(false).activation(Activation.IDENTITY);
      }
      return new EmbeddingLayer.Builder().nIn(embedding.vocabulary()).nOut(embedding.units())
          .hasBias(false).activation(Activation.IDENTITY);
    }
    if (layer instanceof LayerSpec.GlobalPooling global) {
      return new GlobalPoolingLayer.Builder(poolingType(global.pooling()));
    }
    LayerSpec.Subsampling pool = (LayerSpec.Subsampling) layer;
    return new SubsamplingLayer.Builder(poolingType(pool.pooling()))
        .kernelSize(pool.kernel().height(), pool.kernel().width())
        .stride(pool.stride().height(), pool.stride().width())
        .padding(pool.padding().height(), pool.padding().width());
  }

  private static Layer toDl4j(ModelSpec spec, int index, NetworkShape shape, boolean exampleDropout,
      boolean normalized) {
    LayerSpec layer = spec.layers().get(index);
    Layer.Builder<?> builder = builderFor(spec, layer, shape, normalized);
    if (layer.dropout() > 0) {
      // Both take the probability of keeping an input.
      double keep = 1.0 - layer.dropout();
      builder.dropOut(exampleDropout ? new ExampleDropout(index, keep) : new Dropout(keep));
    }
    Layer built = builder.build();
    return layer instanceof LayerSpec.Lstm lstm && !lstm.returnSequences() ? new LastTimeStep(built) : built;
  }
}
