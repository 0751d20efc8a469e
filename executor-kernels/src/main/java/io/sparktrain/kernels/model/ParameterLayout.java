package io.sparktrain.kernels.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where each layer's weights and biases sit in the flat parameter vector: regularization uses it
 * to penalize weights but not biases, freezing to find a layer's parameters, and the optimizer
 * step to keep batch normalization's running statistics away from the gradient path.
 *
 * @param size total number of parameters
 * @param weightRanges {@code [offset, length]} pairs of the weight (not bias) segments, in order
 * @param layerStarts offset of each layer's first parameter, one entry per layer, then {@code size}
 * @param statisticRanges {@code [offset, length]} pairs of batch normalization's running mean and
 *     {@code log10} standard deviation (or variance): entries that are estimates, not trained
 *     parameters. Their "gradient" entries hold, per example, the decrement DL4J applies with a
 *     no-op updater (see {@link NetworkKernel#gradient})
 */
public record ParameterLayout(int size, List<int[]> weightRanges, int[] layerStarts, List<int[]> statisticRanges)
    implements Serializable {
  private static final Set<String> STATISTICS = Set.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
      BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

  /** Copies the lists so the record stays immutable. */
  public ParameterLayout {
    weightRanges = List.copyOf(weightRanges);
    layerStarts = layerStarts.clone();
    statisticRanges = List.copyOf(statisticRanges);
  }

  /** A layout of one layer whose listed ranges are weights. */
  public ParameterLayout(int size, List<int[]> weightRanges) {
    this(size, weightRanges, new int[] {0, size}, List.of());
  }

  /** Number of running-statistic entries in the vector. */
  public int statisticCount() {
    int count = 0;
    for (int[] range : statisticRanges) {
      count += range[1];
    }
    return count;
  }

  /** Number of parameters in the first {@code layers} layers, which come first in the vector. */
  public int prefixOf(int layers) {
    return layerStarts[layers];
  }

  /** Reads the layout of a DL4J network's flattened parameters ("0_W", "0_b", "1_W", ...; an lstm's recurrent weights "_RW" are weights too). */
  public static ParameterLayout of(MultiLayerNetwork network) {
    List<int[]> weights = new ArrayList<>();
    List<int[]> statistics = new ArrayList<>();
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
      String name = entry.getKey().substring(entry.getKey().indexOf('_') + 1);
      if (name.equals("W") || name.equals("RW")) {
        weights.add(new int[] {offset, length});
      } else if (STATISTICS.contains(name) && network.getLayer(owner).conf().getLayer() instanceof BatchNormalization) {
        statistics.add(new int[] {offset, length});
      }
      offset += length;
    }
    while (layer < layers) {
      starts[++layer] = offset;
    }
    return new ParameterLayout(offset, weights, starts, statistics);
  }
}
