package io.sparktrain.ps.shard;

/**
 * What a worker learns from one completed step of {@link ShardClient#step}.
 *
 * @param step index of the step just applied
 * @param examples examples contributed by all workers in this step
 * @param meanLoss mean loss per example over all workers, before the update
 * @param parameters every updated parameter: in a new array the caller owns, or in the array the caller
 *     passed to {@link ShardClient#step(float[], double, long, int, float[])}
 * @param bytesSent bytes this client wrote in this step, frame headers included
 * @param bytesReceived bytes this client read in this step, frame headers included
 */
public record StepResult(long step, long examples, double meanLoss, float[] parameters, long bytesSent,
    long bytesReceived) {}
