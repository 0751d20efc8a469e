package io.sparktrain.kernels.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where each layer's weights and biases sit in the flat parameter vector: regularization uses it
 * to penalize weights but not biases, and freezing to find a layer's parameters.
 *
 * @param size total number of parameters
 * @param weightRanges {@code [offset, length]} pairs of the weight (not bias) segments, in order
 * @param layerStarts offset of each layer's first parameter, one entry per layer, then {@code size}
 */
public record ParameterLayout(int size, List<int[]> weightRanges, int[] layerStarts) implements Serializable {

  /** Copies the list so the record stays immutable. */
  public ParameterLayout {
    weightRanges = List.copyOf(weightRanges);
    layerStarts = layerStarts.clone();
  }

  /** A layout of one layer whose listed ranges are weights. */
  public ParameterLayout(int size, List<int[]> weightRanges) {
    this(size, weightRanges, new int[] {0, size});
  }

  /** Number of parameters in the first {@code layers} layers, which come first in the vector. */
  public int prefixOf(int layers) {
    return layerStarts[layers];
  }

  /** Reads the layout of a DL4J network's flattened parameters ("0_W", "0_b", "1_W", ...; an lstm's recurrent weights "_RW" are weights too). */
  public static ParameterLayout of(MultiLayerNetwork network) {
    List<int[]> weights = new ArrayList<>();
    int layers = network.getnLayers();
    int[] starts = new int[layers + 1];
    int offset = 0;
    int layer = 0;
    for (Map.Entry<String, INDArray> entry : network.paramTable().entrySet()) {
      int owner = Integer.parseInt(entry.getKey().substring(0, entry.getKey().indexOf('_')));
      while (layer < owner) {
        starts[++layer] = offset;
      }
      int length = (int) entry.getValue().length();
      if (entry.getKey().endsWith("_W") || entry.getKey().endsWith("_RW")) {
        weights.add(new int[] {offset, length});
      }
      offset += length;
    }
    while (layer < layers) {
      starts[++layer] = offset;
    }
    return new ParameterLayout(offset, weights, starts);
  }
}
