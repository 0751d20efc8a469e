package io.sparktrain.driver.train;

import io.sparktrain.driver.data.WorkerShard;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.kernels.train.GradientSum;
import java.io.Serializable;

/**
 * The executor side of a {@code param-averaging} round: from the round's starting parameters and
 * its updater state, a worker takes its local steps, each on its own next batch (the batch that
 * {@code sync-gradient} would give it at that step) with the {@link OptimizerStep} applied to its
 * own mean gradient at the global step's learning rate. Sent to executors inside task closures.
 */
final class LocalSgdWorker implements Serializable {
  private static final long serialVersionUID = 1L;
  private final GradientWorker gradients;
  private final OptimizerStep optimizer;
  private final int workers;
  private final boolean averageState;

  /**
   * @param gradients computes the gradient of a worker's batch at a step
   * @param optimizer the update rule, with the run's schedule
   * @param workers the number of workers
   * @param averageState whether the round's states are averaged or kept per worker
   */
  LocalSgdWorker(GradientWorker gradients, OptimizerStep optimizer, int workers, boolean averageState) {
    this.gradients = gradients;
    this.optimizer = optimizer;
    this.workers = workers;
    this.averageState = averageState;
  }

  /**
   * Steps {@code [firstStep, firstStep + steps)} of {@code epoch} on this worker's shard. A step
   * where the worker has no examples left changes nothing. Stops at the first step whose loss or
   * gradient is not finite and reports it.
   *
   * @param parameters the round's starting parameters (not modified)
   * @param state this worker's starting updater state (not modified)
   * @param firstGlobalStep the global index of step {@code firstStep}: the schedule's clock and
   *     the dropout seed's
   */
  RoundSum round(WorkerShard shard, float[] parameters, float[] state, int epoch, int firstStep, int steps,
      long firstGlobalStep) {
    float[] local = parameters.clone();
    float[] localState = state.clone();
    double[] lossSums = new double[steps];
    long[] counts = new long[steps];
    for (int j = 0; j < steps; j++) {
      long globalStep = firstGlobalStep + j;
      GradientSum gradient = gradients.gradient(shard, local, epoch, firstStep + j, globalStep);
      if (gradient.count() == 0) {
        continue;
      }
      if (!gradient.isFinite()) {
        return RoundSum.diverged(globalStep, TrainingDivergedException.problem(gradient));
      }
      optimizer.apply(local, gradient.meanGradient(), localState, globalStep, epoch);
      lossSums[j] = gradient.meanLoss() * gradient.count();
      counts[j] = gradient.count();
    }
    return RoundSum.of(shard.worker(), workers, local, localState, averageState, lossSums, counts);
  }
}
