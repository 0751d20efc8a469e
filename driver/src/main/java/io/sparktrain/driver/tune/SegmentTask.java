package io.sparktrain.driver.tune;

import io.sparktrain.driver.checkpoint.Checkpoint;
import io.sparktrain.driver.checkpoint.CheckpointStore;
import io.sparktrain.driver.checkpoint.UnreadableCheckpointException;
import io.sparktrain.driver.data.HadoopConf;
import io.sparktrain.driver.data.WorkerShard;
import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.driver.train.TrainingState;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.train.Batch;
import java.io.Serializable;
import java.util.Map;

/**
 * One Spark task of a wave: trains one trial (one fold of it with cross-validation) for one segment
 * on the executor, reading the trial's state at the segment's start from its state folder and
 * writing the state at its end there (the checkpoint format, through the Hadoop {@code FileSystem}).
 *
 * @param index the task's index in its wave
 * @param trialId the trial
 * @param fold the fold held out, or -1 without cross-validation
 * @param fromEpoch epochs trained before the segment
 * @param toEpoch epochs trained after it
 * @param trainer the trial's trainer
 * @param stateDir the folder of this trial's (and fold's) states
 */
record SegmentTask(int index, int trialId, int fold, int fromEpoch, int toEpoch, TrialTrainer trainer,
    String stateDir) implements Serializable {

  /**
   * Runs the task.
   *
   * @param all the training data, one shard numbered {@code 0..N-1}
   * @param heldOut the examples to evaluate without cross-validation, else null
   * @param foldOf each example's fold with cross-validation, else null
   */
  SegmentOutcome run(WorkerShard all, WorkerShard heldOut, int[] foldOf, HadoopConf conf) {
    long start = System.currentTimeMillis();
    WorkerShard training = fold < 0 ? select(all, null, 0, false) : select(all, foldOf, fold, false);
    WorkerShard evaluated = fold < 0 ? heldOut : select(all, foldOf, fold, true);
    CheckpointStore store = new CheckpointStore(stateDir, conf.get());
    TrainingState from;
    if (fromEpoch == 0) {
      from = TrainingState.start(NetworkFactory.initialParameters(trainer.recipe().model(), trainer.shape(),
          trainer.recipe().seed()));
    } else {
      String path = store.pathOf((long) fromEpoch * trainer.stepsPerEpoch(training.count()));
      try {
        from = store.read(path).state();
      } catch (UnreadableCheckpointException e) {
        throw new IllegalStateException("trial " + trialId + " cannot continue from epoch " + fromEpoch + ": "
            + e.getMessage() + ". Its state folder " + stateDir + " was changed or removed; start the search"
            + " afresh in another output.dir", e);
      }
    }
    TrialTrainer.Segment segment = trainer.train(training, evaluated, from, toEpoch);
    if (segment.failure() == null) {
      store.write(new Checkpoint(segment.state(), trainer.recipe().seed(), "trial: " + trialId + "\nfold: " + fold
          + "\n", Map.of(), ""), 2);
    }
    double[] losses = segment.trainLosses().stream().mapToDouble(Double::doubleValue).toArray();
    return new SegmentOutcome(index, segment.evaluations().toArray(Evaluation[]::new), losses, start,
        System.currentTimeMillis(), segment.failure());
  }

  /**
   * The examples of {@code fold} ({@code inFold}) or of the other folds, in input order and numbered
   * {@code 0..M-1} among themselves, as a shard of their own (a private copy, so that concurrent tasks
   * never share a shard's memoized order); all examples when {@code foldOf} is null.
   */
  static WorkerShard select(WorkerShard all, int[] foldOf, int fold, boolean inFold) {
    Batch examples = all.slice(0, all.count());
    int width = examples.width();
    int kept = 0;
    for (int i = 0; i < examples.size(); i++) {
      if (foldOf == null || (foldOf[i] == fold) == inFold) {
        kept++;
      }
    }
    float[] features = new float[kept * width];
    float[] labels = new float[kept];
    long[] ids = new long[kept];
    int next = 0;
    for (int i = 0; i < examples.size(); i++) {
      if (foldOf == null || (foldOf[i] == fold) == inFold) {
        System.arraycopy(examples.features(), i * width, features, next * width, width);
        labels[next] = examples.labels()[i];
        ids[next] = next;
        next++;
      }
    }
    return new WorkerShard(0, features, labels, ids, kept, width);
  }
}
