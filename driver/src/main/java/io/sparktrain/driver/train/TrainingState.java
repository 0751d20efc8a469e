package io.sparktrain.driver.train;

import java.util.List;

/**
 * Where a run stands at a step boundary: everything a {@link TrainingMaster} needs to continue it
 * so that it ends with the parameters of a run that never stopped. Shuffle orders and dropout masks
 * derive from the job seed, the epoch and the global step ({@link io.sparktrain.kernels.train.Seeds}),
 * so the step counters are the whole random state.
 *
 * @param step global steps taken; the index of the next step
 * @param epoch the zero-based epoch the next step belongs to ({@code training.epochs} when the run is done)
 * @param stepInEpoch steps of {@code epoch} already taken
 * @param parameters the flat parameters after {@code step} steps
 * @param updaterStates the optimizer state: one for {@code sync-gradient} and for {@code param-averaging}
 *     with the state averaged, one per worker in worker order otherwise; empty for a fresh run
 * @param epochProgress the training loss, examples and time of {@code epoch} so far
 * @param history the finished epochs: totals and the early-stopping bookkeeping
 */
public record TrainingState(long step, int epoch, int stepInEpoch, float[] parameters, List<float[]> updaterStates,
    EpochProgress epochProgress, History history) {

  /** Requires non-negative counters and every part. */
  public TrainingState {
    if (step < 0 || epoch < 0 || stepInEpoch < 0) {
      throw new IllegalArgumentException("step, epoch and step in epoch must be >= 0, got " + step + ", " + epoch
          + ", " + stepInEpoch);
    }
    if (parameters == null || updaterStates == null || epochProgress == null || history == null) {
      throw new IllegalArgumentException("parameters, updater states, epoch progress and history are required");
    }
    updaterStates = List.copyOf(updaterStates);
  }

  /** A run that has not started: {@code parameters} and fresh optimizer state. */
  public static TrainingState start(float[] parameters) {
    return new TrainingState(0, 0, 0, parameters, List.of(), EpochProgress.NONE, History.NONE);
  }

  /** Whether this is the start of a run, with no optimizer state yet. */
  public boolean fresh() {
    return updaterStates.isEmpty();
  }

  /**
   * The part of an epoch already trained.
   *
   * @param lossSum the summed training loss of its examples
   * @param examples examples trained on
   * @param seconds training time
   */
  public record EpochProgress(double lossSum, long examples, double seconds) {
    /** Nothing trained yet. */
    public static final EpochProgress NONE = new EpochProgress(0, 0, 0);
  }

  /**
   * The finished epochs.
   *
   * @param epochsRun epochs closed
   * @param seconds their training time
   * @param examples their training examples
   * @param bestEpoch the zero-based epoch whose parameters the run would end with now, -1 before the first
   * @param bestParameters that epoch's parameters, empty before the first
   * @param bestMetric the early-stopping metric of that epoch (NaN without early stopping)
   * @param epochsWithoutImprovement epochs since the metric last improved
   */
  public record History(int epochsRun, double seconds, long examples, int bestEpoch, float[] bestParameters,
      double bestMetric, int epochsWithoutImprovement) {
    /** No epoch finished. */
    public static final History NONE = new History(0, 0, 0, -1, new float[0], Double.NaN, 0);
  }
}
