package io.sparktrain.jobs.bench;

import io.sparktrain.driver.data.DataFormat;
import io.sparktrain.driver.data.DataSpec;
import io.sparktrain.driver.data.Normalization;

/**
 * What every system trains: a 784-256(relu)-10(softmax) MLP with He initialization and Adam at a
 * fixed learning rate, on global batches of {@link #GLOBAL_BATCH}, with features min-max scaled
 * to [0, 1] on the training set. The constants define the benchmark; a run chooses only the data,
 * the number of epochs and the seed.
 *
 * @param train IDX path prefix of the training data (reads {@code PREFIX-images-idx3-ubyte[.gz]})
 * @param test IDX path prefix of the test data
 * @param epochs passes over the training data, &gt;= 1
 * @param seed seed of weight initialization and shuffling
 */
record Workload(String train, String test, int epochs, long seed) {
  static final int HIDDEN_UNITS = 256;
  static final int CLASSES = 10;
  static final double LEARNING_RATE = 1e-3;
  static final int WORKERS = 2;
  static final int BATCH_PER_WORKER = 64;
  static final int GLOBAL_BATCH = WORKERS * BATCH_PER_WORKER;
  static final String SPARK_MASTER = "local[" + WORKERS + "]";

  Workload {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
  }

  /** The data as SparkTrain's loader reads it; the DL4J baselines reproduce its scaling. */
  DataSpec dataSpec() {
    return new DataSpec(train, test, DataFormat.IDX, null, false, CLASSES, Normalization.SCALE, true);
  }
}
