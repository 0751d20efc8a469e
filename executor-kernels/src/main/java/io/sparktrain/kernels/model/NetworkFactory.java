package io.sparktrain.kernels.model;

import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.Dl4jNetworkConfig;
import io.sparktrain.kernels.config.ImageShape;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
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
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Builds a DL4J {@link MultiLayerNetwork} from a {@link ModelSpec}. The network carries no
 * updater and no regularization of its own: SparkTrain applies those to flat buffers, the same
 * way on every executor and in the reference trainer.
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
        .list();
    for (int i = 0; i < spec.layers().size(); i++) {
      boolean normalized = i + 1 < spec.layers().size()
          && spec.layers().get(i + 1) instanceof LayerSpec.BatchNormalization;
      Layer layer = toDl4j(spec.layers().get(i), i, shape, exampleDropout, normalized);
      if (spec.names().get(i) != null) {
        layer.setLayerName(spec.names().get(i));
      }
      list.layer(i, layer);
    }
    list.setInputType(inputType(spec.input(), shape));
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

  private static InputType inputType(ImageShape image, NetworkShape shape) {
    if (image == null) {
      return InputType.feedForward(shape.inputs());
    }
    ConfigException.require(image.size() == shape.inputs(), "model.input is " + image.height() + "x"
        + image.width() + "x" + image.channels() + " = " + image.size() + " values but the data has "
        + shape.inputs() + " features per example");
    return InputType.convolutionalFlat(image.height(), image.width(), image.channels());
  }

  /**
   * The DL4J builder of one layer. A dense or convolution layer followed by batch normalization
   * has no bias: the normalization subtracts it again, so its gradient is 0 up to rounding noise,
   * which adaptive updaters such as Adam would blow up into steps of the full learning rate.
   */
  private static Layer.Builder<?> builderFor(LayerSpec layer, NetworkShape shape, boolean normalized) {
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
    LayerSpec.Subsampling pool = (LayerSpec.Subsampling) layer;
    return new SubsamplingLayer.Builder(pool.pooling() == LayerSpec.Pooling.MAX ? PoolingType.MAX : PoolingType.AVG)
        .kernelSize(pool.kernel().height(), pool.kernel().width())
        .stride(pool.stride().height(), pool.stride().width())
        .padding(pool.padding().height(), pool.padding().width());
  }

  private static Layer toDl4j(LayerSpec layer, int index, NetworkShape shape, boolean exampleDropout,
      boolean normalized) {
    Layer.Builder<?> builder = builderFor(layer, shape, normalized);
    if (layer.dropout() > 0) {
      // Both take the probability of keeping an input.
      double keep = 1.0 - layer.dropout();
      builder.dropOut(exampleDropout ? new ExampleDropout(index, keep) : new Dropout(keep));
    }
    return builder.build();
  }
}
