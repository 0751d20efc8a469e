package io.sparktrain.driver.tune;

import io.sparktrain.driver.checkpoint.Checkpoint;
import io.sparktrain.driver.checkpoint.CheckpointStore;
import io.sparktrain.driver.checkpoint.UnreadableCheckpointException;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.driver.train.Checkpointing;
import io.sparktrain.driver.train.TrainingDivergedException;
import io.sparktrain.driver.train.TrainingListener;
import io.sparktrain.driver.train.TrainingMasters;
import io.sparktrain.driver.train.TrainingSpec;
import io.sparktrain.driver.train.TrainingState;
import io.sparktrain.kernels.model.NetworkFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One segment of a trial with {@code tune.trial-workers: W > 1}, run on a driver thread through the
 * ordinary training path: the {@link io.sparktrain.driver.train.TrainingMaster} of the trial's
 * {@code training} section over the search's {@code W} cached shards, from the trial's saved
 * {@link TrainingState}, with {@code training.epochs} set to the trial's whole length (so a decaying
 * schedule spans all of it) and the run ended after the segment's last epoch
 * ({@link TrainingListener#endsRunAfter}). The state at that epoch's end goes to the trial's state
 * folder in the checkpoint format. So a trial trained in segments computes what {@code train} with
 * {@code spark.workers: W} and the trial's values computes.
 *
 * <p>Each segment submits its own Spark jobs; several run at once on separate threads.
 *
 * @param index the segment's index in its wave
 * @param trialId the trial
 * @param fromEpoch epochs trained before the segment
 * @param toEpoch epochs trained after it
 * @param plan the trial's job
 * @param totalEpochs the trial's epochs when never stopped early
 * @param stateDir the folder of the trial's states
 */
record DistributedSegment(int index, int trialId, int fromEpoch, int toEpoch, TrialPlan plan, int totalEpochs,
    String stateDir) {

  /**
   * Trains the segment.
   *
   * @param training the search's training data, {@code W} shards
   * @param heldOut the examples evaluated after every epoch
   * @param nativeThreads ND4J threads per worker
   */
  SegmentOutcome run(JavaSparkContext spark, ShardedDataset training, ShardedDataset heldOut, int nativeThreads) {
    long start = System.currentTimeMillis();
    TrainingSpec spec = plan.training();
    TrainingSpec whole = new TrainingSpec(spec.mode(), spec.transport(), spec.batchSize(), totalEpochs,
        spec.logEverySteps(), spec.lrScaling(), spec.averaging(), null, spec.compression());
    CheckpointStore store = new CheckpointStore(stateDir, spark.hadoopConfiguration());
    TrainingState from = fromEpoch == 0
        ? TrainingState.start(NetworkFactory.initialParameters(plan.recipe().model(), training.shape(),
            plan.recipe().seed()))
        : read(store, (long) fromEpoch * training.stepsPerEpoch(
            spec.batchSize().examplesPerWorker(training.workers(), training.count())));
    List<Evaluation> evaluations = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    TrainingState[] end = new TrainingState[1];
    Checkpointing segmentEnd = new Checkpointing() {
      @Override
      public boolean dueWithin(long fromStep, long toStep) {
        return false;
      }

      @Override
      public void save(Supplier<TrainingState> supplied) {
        TrainingState state = supplied.get();
        if (state.stepInEpoch() == 0 && state.epoch() == toEpoch) {
          end[0] = state;
        }
      }
    };
    TrainingListener segment = new TrainingListener() {
      @Override
      public void onEpoch(EpochReport report) {
        evaluations.add(report.validation());
        losses.add(report.trainLoss());
      }

      @Override
      public boolean endsRunAfter(EpochReport report) {
        return report.epoch() + 1 >= toEpoch;
      }
    };
    String failure = null;
    try {
      TrainingMasters.create(spark, plan.recipe(), whole, plan.evaluation(), plan.shuffle(), nativeThreads)
          .fit(training, heldOut, null, from, segmentEnd, segment);
    } catch (TrainingDivergedException e) {
      failure = e.getMessage();
    }
    if (failure == null) {
      if (end[0] == null) {
        throw new IllegalStateException("trial " + trialId + " ended before epoch " + toEpoch);
      }
      store.write(new Checkpoint(end[0], plan.recipe().seed(), "trial: " + trialId + "\n", Map.of(), ""), 2);
    }
    return new SegmentOutcome(index, evaluations.toArray(Evaluation[]::new),
        losses.stream().mapToDouble(Double::doubleValue).toArray(), start, System.currentTimeMillis(), failure);
  }

  private TrainingState read(CheckpointStore store, long step) {
    try {
      return store.read(store.pathOf(step)).state();
    } catch (UnreadableCheckpointException e) {
      throw new IllegalStateException("trial " + trialId + " cannot continue from epoch " + fromEpoch + ": "
          + e.getMessage() + ". Its state folder " + stateDir + " was changed or removed; start the search"
          + " afresh in another output.dir", e);
    }
  }
}
