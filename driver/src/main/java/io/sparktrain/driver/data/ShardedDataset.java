package io.sparktrain.driver.data;

import io.sparktrain.kernels.model.NetworkShape;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;

/**
 * A data set loaded once into one cached {@link WorkerShard} per worker.
 *
 * @param shards the cached shards, partition {@code k} holding worker {@code k}'s examples
 * @param countsPerWorker examples on each worker
 * @param shape input width and output width of a network for this data
 * @param scaling the normalization applied to the features (fitted on the training data)
 * @param skipped the rows left out as bad under {@code data.on-bad-row: skip}
 */
public record ShardedDataset(JavaRDD<WorkerShard> shards, long[] countsPerWorker, NetworkShape shape,
    FeatureScaling scaling, SkippedRows skipped) {

  /** Total number of examples. */
  public long count() {
    return Arrays.stream(countsPerWorker).sum();
  }

  /** Number of workers (partitions). */
  public int workers() {
    return countsPerWorker.length;
  }

  /** Steps needed for every worker to see all its examples once at {@code batchSize} per step. */
  public int stepsPerEpoch(int batchSize) {
    long most = Arrays.stream(countsPerWorker).max().orElse(0);
    return (int) ((most + batchSize - 1) / batchSize);
  }

  /** The width and normalization that other data must be read with to match this data. */
  public InputSchema schema() {
    return new InputSchema(shape.inputs(), scaling);
  }

  /** Drops the cached shards. */
  public void release() {
    shards.unpersist(false);
  }
}
