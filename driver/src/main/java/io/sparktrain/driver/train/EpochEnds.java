package io.sparktrain.driver.train;

import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.driver.eval.Evaluator;
import io.sparktrain.kernels.config.ConfigException;

/**
 * What every training master does at the end of an epoch, whatever its mode: evaluate the
 * parameters on the validation split and the test data, report the epoch, keep the best epoch's
 * parameters (with {@code training.early-stopping}, as its {@link EarlyStopping} trigger judges on
 * the validation metric; otherwise the last epoch's), and say whether to stop. Then
 * {@link #result} gives the run's {@link TrainingResult}. A resumed run starts from the
 * {@link TrainingState.History} of its checkpoint ({@link #history} gives it). Not thread-safe; one per run.
 */
final class EpochEnds {
  private final TrainingSpec training;
  private final Evaluator evaluator;
  private final ShardedDataset validation;
  private final ShardedDataset test;
  private final TrainingListener listener;
  private final EarlyStopping stopping;
  private float[] bestParameters;
  private Evaluation bestTest;
  private Evaluation bestValidation;
  private int bestEpoch;
  private int epochsRun;
  private double totalSeconds;
  private long totalExamples;
  private boolean endedByListener;

  /**
   * @param validation the validation split, or null; required with {@code training.early-stopping}
   * @param test the test data, or null
   * @param history the epochs already finished ({@link TrainingState.History#NONE} for a new run)
   * @throws ConfigException if early stopping is set without a validation split
   */
  EpochEnds(TrainingSpec training, Evaluator evaluator, ShardedDataset validation, ShardedDataset test,
      TrainingListener listener, TrainingState.History history) {
    ConfigException.require(training.earlyStopping() == null || validation != null,
        "training.early-stopping needs a validation split: set data.validation-fraction > 0");
    this.training = training;
    this.evaluator = evaluator;
    this.validation = validation;
    this.test = test;
    this.listener = listener;
    this.stopping = training.earlyStopping() == null ? null : new EarlyStopping(training.earlyStopping(),
        history.bestEpoch(), history.bestMetric(), history.epochsWithoutImprovement());
    this.bestEpoch = history.bestEpoch();
    this.bestParameters = history.bestEpoch() < 0 ? null : history.bestParameters();
    this.epochsRun = history.epochsRun();
    this.totalSeconds = history.seconds();
    this.totalExamples = history.examples();
  }

  /**
   * Whether early stopping, or the listener ({@link TrainingListener#endsRunAfter}), has ended the run
   * (before or at the last {@link #close}).
   */
  boolean stopped() {
    return endedByListener || (stopping != null && stopping.shouldStop());
  }

  /** The finished epochs, for a checkpoint. */
  TrainingState.History history() {
    return new TrainingState.History(epochsRun, totalSeconds, totalExamples, bestEpoch,
        bestParameters == null ? new float[0] : bestParameters, stopping == null ? Double.NaN : stopping.best(),
        stopping == null ? 0 : stopping.epochsWithoutImprovement());
  }

  /**
   * Closes {@code epoch}.
   *
   * @param steps global steps taken so far
   * @param lossSum the epoch's summed training loss over {@code examples}
   * @param seconds the epoch's training time
   * @param parameters the parameters after the epoch (kept, not copied: pass a fresh array)
   * @return whether training should stop now
   */
  boolean close(int epoch, long steps, double lossSum, long examples, double seconds, float[] parameters) {
    totalSeconds += seconds;
    totalExamples += examples;
    Evaluation testEvaluation = test == null ? null : evaluator.evaluate(test, parameters);
    Evaluation validationEvaluation = validation == null ? null : evaluator.evaluate(validation, parameters);
    TrainingListener.EpochReport report = new TrainingListener.EpochReport(epoch, steps, lossSum / examples, seconds,
        examples / seconds, testEvaluation, validationEvaluation);
    listener.onEpoch(report);
    endedByListener = listener.endsRunAfter(report);
    if (stopping == null || stopping.observe(epoch, training.earlyStopping().metric().of(validationEvaluation))) {
      bestParameters = parameters;
      bestTest = testEvaluation;
      bestValidation = validationEvaluation;
      bestEpoch = epoch;
    }
    epochsRun = epoch + 1;
    return stopped();
  }

  /**
   * The run's result after the last {@link #close}, which took {@code steps} global steps in all. The
   * best epoch's evaluations, when it was closed before a resume, are computed again from its parameters.
   */
  TrainingResult result(long steps) {
    if (bestTest == null && test != null) {
      bestTest = evaluator.evaluate(test, bestParameters);
    }
    if (bestValidation == null && validation != null) {
      bestValidation = evaluator.evaluate(validation, bestParameters);
    }
    return new TrainingResult(bestParameters, steps, epochsRun, totalSeconds, totalExamples / totalSeconds,
        bestTest, bestValidation, bestEpoch, epochsRun < training.epochs());
  }
}
