package io.sparktrain.driver.train;

import io.sparktrain.driver.data.ShardedDataset;

/**
 * The driver loop: runs epochs of synchronous steps over cached shards. Order of calls: build,
 * then one {@link #fit}; a master is not reused. After every epoch the parameters are evaluated
 * on the validation split and the test data (where given), and with
 * {@code training.early-stopping} the run stops once the validation metric no longer improves
 * and ends with the best epoch's parameters.
 */
public interface TrainingMaster {

  /**
   * Trains from the seeded initial parameters.
   *
   * @param training cached training shards, one per worker
   * @param validation cached validation shards for per-epoch evaluation and early stopping, or null
   * @param test cached test shards for per-epoch evaluation, or null
   * @param listener progress observer
   */
  TrainingResult fit(ShardedDataset training, ShardedDataset validation, ShardedDataset test,
      TrainingListener listener);

  /**
   * Trains from given parameters, such as a pretrained model's for fine-tuning.
   *
   * @param initialParameters the starting flat parameters of the recipe's network (not modified)
   */
  TrainingResult fit(ShardedDataset training, ShardedDataset validation, ShardedDataset test,
      float[] initialParameters, TrainingListener listener);
}
