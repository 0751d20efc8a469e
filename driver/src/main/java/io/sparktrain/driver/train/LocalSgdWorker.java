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
   * The round's local steps on this worker's shard. A step where the worker has no examples left
   * changes nothing. Stops at the first step whose loss or gradient is not finite and reports it.
   *
   * @param parameters the round's starting parameters (not modified)
   * @param state this worker's starting updater state (not modified)
   */
  RoundSum round(WorkerShard shard, float[] parameters, float[] state, LocalSteps steps) {
    float[] local = parameters.clone();
    float[] localState = state.clone();
    double[] lossSums = new double[steps.count()];
    long[] counts = new long[steps.count()];
    for (int j = 0; j < steps.count(); j++) {
      long globalStep = steps.globalStep(j);
      GradientSum gradient = gradients.gradient(shard, local, steps.epoch(), steps.first() + j, globalStep);
      if (gradient.count() == 0) {
        continue;
      }
      if (!gradient.isFinite()) {
        return RoundSum.diverged(globalStep, TrainingDivergedException.problem(gradient));
      }
      optimizer.apply(local, gradient.meanGradient(), localState, globalStep, steps.epoch());
      lossSums[j] = gradient.meanLoss() * gradient.count();
      counts[j] = gradient.count();
    }
    return RoundSum.of(shard.worker(), workers, local, localState, averageState, lossSums, counts);
  }
}
