package io.sparktrain.jobs;

import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.model.NetworkShape;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Starting parameters for fine-tuning: the config's network with every hidden layer copied from a
 * pretrained network and a freshly initialized output layer (for the new task's classes).
 */
final class FineTuning {
  private FineTuning() {}

  /**
   * @param model the config's layer list: the pretrained hidden layers, then the new output layer
   * @param shape the new data's widths
   * @param seed seeds the new output layer
   * @param pretrained the saved network (ours, or any DL4J {@code MultiLayerNetwork})
   * @param source names the saved model in messages
   */
  static float[] initialParameters(ModelSpec model, NetworkShape shape, long seed, MultiLayerNetwork pretrained,
      String source) {
    int hidden = model.layerCount() - 1;
    if (pretrained.getnLayers() - 1 != hidden) {
      throw new ConfigException("the model has " + hidden + " hidden layers but " + source + " has "
          + (pretrained.getnLayers() - 1) + ": list the pretrained hidden layers, then the new output layer");
    }
    MultiLayerNetwork network = NetworkFactory.build(model, shape, seed);
    Map<String, INDArray> saved = pretrained.paramTable();
    for (Map.Entry<String, INDArray> entry : network.paramTable().entrySet()) {
      String key = entry.getKey();
      if (Integer.parseInt(key.substring(0, key.indexOf('_'))) >= hidden) {
        continue;
      }
      INDArray theirs = saved.get(key);
      if (theirs == null || !Arrays.equals(theirs.shape(), entry.getValue().shape())) {
        throw new ConfigException("model.layers[" + key.substring(0, key.indexOf('_')) + "] does not match "
            + source + ": parameter " + key + " has shape " + Arrays.toString(entry.getValue().shape())
            + " here but " + (theirs == null ? "is missing" : Arrays.toString(theirs.shape())) + " there");
      }
      entry.getValue().assign(theirs);
    }
    return network.params().toFloatVector();
  }
}
