package io.sparktrain.jobs.bench;

import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.Examples;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** The workload's MLP as a DL4J configuration, and examples as DL4J {@link DataSet}s. */
final class Dl4jMlp {
  private Dl4jMlp() {}

  /** The 784-256-10 MLP with He initialization and Adam, in float precision. */
  static MultiLayerConfiguration configuration(int inputs, long seed) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new Adam(Workload.LEARNING_RATE))
        .weightInit(WeightInit.RELU)
        .list()
        .layer(new DenseLayer.Builder().nIn(inputs).nOut(Workload.HIDDEN_UNITS).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(Workload.HIDDEN_UNITS).nOut(Workload.CLASSES)
            .activation(Activation.SOFTMAX).build())
        .build();
  }

  /** A batch as a DataSet: features {@code [size, width]}, one-hot labels {@code [size, classes]}. */
  static DataSet toDataSet(Batch batch) {
    float[] oneHot = new float[batch.size() * Workload.CLASSES];
    for (int i = 0; i < batch.size(); i++) {
      oneHot[i * Workload.CLASSES + (int) batch.labels()[i]] = 1f;
    }
    return new DataSet(Nd4j.create(batch.features(), new long[] {batch.size(), batch.width()}, 'c'),
        Nd4j.create(oneHot, new long[] {batch.size(), Workload.CLASSES}, 'c'));
  }

  /** The examples listed in {@code order}, cut into DataSets of {@code batchSize} (the last may be shorter). */
  static List<DataSet> batches(Examples examples, int[] order, int batchSize) {
    List<DataSet> batches = new ArrayList<>();
    for (int from = 0; from < order.length; from += batchSize) {
      batches.add(toDataSet(examples.gather(order, from, Math.min(order.length, from + batchSize))));
    }
    return batches;
  }

  /** An iterator that hands out ready-made mini-batches one by one (its batch argument counts list elements). */
  static ListDataSetIterator<DataSet> iterator(List<DataSet> batches) {
    return new ListDataSetIterator<>(batches, 1);
  }

  /** The examples in input order, cut into DataSets of {@code batchSize}. */
  static List<DataSet> batches(Examples examples, int batchSize) {
    int[] order = new int[examples.count()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    return batches(examples, order, batchSize);
  }
}
