package io.sparktrain.driver.train;

import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.ps.shard.ParameterServerSecret;
import io.sparktrain.ps.shard.ShardedPsConfig;
import java.io.Serializable;

/**
 * What every epoch stage of one {@code sharded-ps} run shares, shipped to the executors in the
 * stage's closure.
 *
 * @param config workers, parameter count, compression and limits; its job id is replaced per
 *     stage attempt ({@link #config(long)})
 * @param secret the run's key for the shards' handshake
 * @param optimizer the update each shard applies to its slice
 * @param worker computes a worker's gradient exactly as {@code sync-gradient} does
 * @param logEverySteps how often worker 0 logs its progress, in steps
 * @param fault a test's injected failure, or {@link FaultInjection#NONE}
 */
record ShardedRun(ShardedPsConfig config, ParameterServerSecret secret, OptimizerStep optimizer,
    GradientWorker worker, int logEverySteps, FaultInjection fault) implements Serializable {

  /** The config with job id {@code jobId}, which must differ between stage attempts. */
  ShardedPsConfig config(long jobId) {
    return new ShardedPsConfig(jobId, config.workers(), config.parameters(), config.compression(),
        config.maxFrameBytes(), config.timeout());
  }
}
