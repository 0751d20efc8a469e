package io.sparktrain.driver.train;

import io.sparktrain.driver.data.ShardedDataset;

/**
 * The driver loop: runs epochs of synchronous steps (or rounds of local steps) over cached
 * shards. Order of calls: build ({@link TrainingMasters#create} picks the master of the training
 * mode), then one {@link #fit}; a master is not reused. After every epoch the parameters are
 * evaluated on the validation split and the test data (where given), and with
 * {@code training.early-stopping} the run stops once the validation metric no longer improves
 * and ends with the best epoch's parameters. A run can continue from a saved {@link TrainingState}
 * and save its state through {@link Checkpointing}; continued, it ends with the parameters of the
 * run that never stopped.
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
  default TrainingResult fit(ShardedDataset training, ShardedDataset validation, ShardedDataset test,
      float[] initialParameters, TrainingListener listener) {
    return fit(training, validation, test, TrainingState.start(initialParameters), Checkpointing.NONE, listener);
  }

  /**
   * Trains from {@code start}: {@link TrainingState#start} for a new run, or a checkpoint's state to
   * continue one (with the same recipe, training spec and data).
   *
   * @param start the state to continue from (not modified)
   * @param checkpoints when to save the state, and where
   * @throws io.sparktrain.kernels.config.ConfigException when {@code start} does not fit this run's model,
   *     optimizer or workers
   */
  TrainingResult fit(ShardedDataset training, ShardedDataset validation, ShardedDataset test, TrainingState start,
      Checkpointing checkpoints, TrainingListener listener);
}
