package io.sparktrain.kernels.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where each layer's weights and biases sit in the flat parameter vector. Regularization uses it
 * to penalize weights but not biases.
 *
 * @param size total number of parameters
 * @param weightRanges {@code [offset, length]} pairs of the weight (not bias) segments, in order
 */
public record ParameterLayout(int size, List<int[]> weightRanges) implements Serializable {

  /** Copies the list so the record stays immutable. */
  public ParameterLayout {
    weightRanges = List.copyOf(weightRanges);
  }

  /** Reads the layout of a DL4J network's flattened parameters ("0_W", "0_b", "1_W", ...). */
  public static ParameterLayout of(MultiLayerNetwork network) {
    List<int[]> weights = new ArrayList<>();
    int offset = 0;
    for (Map.Entry<String, INDArray> entry : network.paramTable().entrySet()) {
      int length = (int) entry.getValue().length();
      if (entry.getKey().endsWith("_W")) {
        weights.add(new int[] {offset, length});
      }
      offset += length;
    }
    return new ParameterLayout(offset, weights);
  }
}
