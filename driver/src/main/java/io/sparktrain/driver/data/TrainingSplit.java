package io.sparktrain.driver.data;

/**
 * The training input after the validation split ({@code data.validation-fraction}), both parts
 * cached as their own shards with the normalization fitted on the training part.
 *
 * @param training the examples trained on, numbered {@code 0..N-1} in input order
 * @param validation the held-out examples, or null without a validation split
 */
public record TrainingSplit(ShardedDataset training, ShardedDataset validation) {

  /** Requires the training part. */
  public TrainingSplit {
    if (training == null) {
      throw new IllegalArgumentException("a split needs its training part");
    }
  }

  /** Drops the cached shards of both parts. */
  public void release() {
    training.release();
    if (validation != null) {
      validation.release();
    }
  }
}
