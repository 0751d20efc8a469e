package io.sparktrain.kernels.model;

import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.LayerType;
import io.sparktrain.kernels.config.ModelSpec;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
    var list = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new NoOp())
        .weightInit(spec.init().dl4j())
        .miniBatch(true)
        .list();
    int inputs = shape.inputs();
    for (int i = 0; i < spec.layers().size(); i++) {
      LayerSpec layer = spec.layers().get(i);
      int units = layer.type() == LayerType.OUTPUT && layer.units() == 0 ? shape.outputs() : layer.units();
      list.layer(i, toDl4j(layer, i, inputs, units, exampleDropout));
      inputs = units;
    }
    MultiLayerNetwork network = new MultiLayerNetwork(list.build());
    network.init();
    return network;
  }

  /** The initial flat parameter vector of the network that {@link #build} makes. */
  public static float[] initialParameters(ModelSpec spec, NetworkShape shape, long seed) {
    return build(spec, shape, seed).params().toFloatVector();
  }

  private static Layer toDl4j(LayerSpec layer, int index, int inputs, int units, boolean exampleDropout) {
    Layer.Builder<?> builder = switch (layer.type()) {
      case DENSE -> new DenseLayer.Builder().nIn(inputs).nOut(units).activation(layer.activation());
      case OUTPUT -> new OutputLayer.Builder(layer.loss()).nIn(inputs).nOut(units)
          .activation(layer.activation());
    };
    if (layer.dropout() > 0) {
      // Both take the probability of keeping an input.
      double keep = 1.0 - layer.dropout();
      builder.dropOut(exampleDropout ? new ExampleDropout(index, keep) : new Dropout(keep));
    }
    return builder.build();
  }
}
