package io.sparktrain.driver.train;

/** How gradients and parameters travel each step (YAML {@code training.transport}). */
public enum Transport {
  /** Results to the driver (added in worker order), update there, {@code broadcast} back. */
  DRIVER,
  /**
   * One Spark barrier stage per epoch: every task hosts one shard of the parameter server and
   * exchanges gradient and parameter slices with the others directly ({@link ShardedPsTrainingMaster}).
   */
  SHARDED_PS
}
