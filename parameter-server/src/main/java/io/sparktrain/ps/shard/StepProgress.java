package io.sparktrain.ps.shard;

/**
 * One finished step as a worker reports it to the {@link ShardCoordinator}, so that the driver
 * learns the run's progress while the steps run, without being on their data path.
 *
 * @param step the global step
 * @param examples examples all workers contributed to the step
 * @param meanLoss mean loss per example over all workers, before the update
 * @param seconds seconds from the start of the worker's first step of the stage to the end of this one
 * @param divergence what was not finite after the step (the loss, the updated parameters), or null
 *     when everything was; the workers stop after such a step
 */
public record StepProgress(long step, long examples, double meanLoss, double seconds, String divergence) {}
