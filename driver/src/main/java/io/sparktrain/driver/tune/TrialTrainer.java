package io.sparktrain.driver.tune;

import io.sparktrain.driver.data.WorkerShard;
import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.train.TrainingState;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkKernel;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.model.ThreadKernels;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.GradientSum;
import io.sparktrain.kernels.train.Seeds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The executor side of a trial with one worker: trains one configuration on one task's examples for
 * a segment of epochs, from a saved {@link TrainingState}, evaluating the held-out examples after
 * every epoch. It computes what {@code train} with {@code spark.workers: 1} computes: the same
 * shuffle orders and dropout masks ({@link Seeds} from the job seed, the epoch and the global step),
 * the same optimizer step (a schedule over {@code ceil(N / b) * totalEpochs} steps) and the same
 * update per step, so a trial trained in segments ends with the parameters of one uninterrupted run.
 *
 * <p>Sent to executors inside task closures: it holds configuration only. Thread-safe: each call
 * uses the calling thread's network ({@link ThreadKernels}).
 */
public final class TrialTrainer implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int EVALUATION_CHUNK = 1024;
  private final TrainingRecipe recipe;
  private final NetworkShape shape;
  private final int batchSize;
  private final int totalEpochs;
  private final boolean shuffle;
  private final EvaluationSpec evaluation;
  private final int nativeThreads;

  /**
   * @param recipe the trial's model, optimizer, schedule, regularization and job seed
   * @param shape input and output widths of the data
   * @param batchSize examples per step, &gt;= 1
   * @param totalEpochs the epochs of the whole trial (a decaying schedule spans them), &gt;= 1
   * @param shuffle whether the examples are reshuffled every epoch
   * @param evaluation the optional metrics of the held-out evaluation
   * @param nativeThreads ND4J threads of the task
   */
  public TrialTrainer(TrainingRecipe recipe, NetworkShape shape, int batchSize, int totalEpochs, boolean shuffle,
      EvaluationSpec evaluation, int nativeThreads) {
    if (batchSize < 1 || totalEpochs < 1) {
      throw new IllegalArgumentException("batch size and epochs must be >= 1, got " + batchSize + " and "
          + totalEpochs);
    }
    this.recipe = recipe;
    this.shape = shape;
    this.batchSize = batchSize;
    this.totalEpochs = totalEpochs;
    this.shuffle = shuffle;
    this.evaluation = evaluation;
    this.nativeThreads = nativeThreads;
  }

  /** The trial's recipe. */
  public TrainingRecipe recipe() {
    return recipe;
  }

  /** The shape of the network trained. */
  public NetworkShape shape() {
    return shape;
  }

  /** Optimizer steps per epoch on {@code examples} training examples. */
  public int stepsPerEpoch(long examples) {
    return (int) ((examples + batchSize - 1) / batchSize);
  }

  /**
   * The result of one segment.
   *
   * @param state where the trial stands after the segment (after the last epoch trained)
   * @param evaluations the held-out evaluation after each epoch trained
   * @param trainLosses the mean training loss of each epoch trained
   * @param failure why training stopped early (NaN or infinite values), or null
   */
  public record Segment(TrainingState state, List<Evaluation> evaluations, List<Double> trainLosses,
      String failure) {}

  /**
   * Trains epochs {@code from.epoch() + 1 .. toEpoch} (one-based) on {@code data}.
   *
   * @param data the training examples, as one worker's shard numbered {@code 0..N-1}; not shared with
   *     another thread during the call
   * @param heldOut the examples evaluated after every epoch
   * @param from the state to continue from: {@link TrainingState#start} or the end of an earlier segment
   * @param toEpoch the number of epochs trained when the segment ends, &gt; {@code from.epoch()}
   */
  public Segment train(WorkerShard data, WorkerShard heldOut, TrainingState from, int toEpoch) {
    if (toEpoch <= from.epoch() || toEpoch > totalEpochs || from.stepInEpoch() != 0) {
      throw new IllegalArgumentException("a segment runs from an epoch's end to a later one within " + totalEpochs
          + " epochs, got epoch " + from.epoch() + " (step " + from.stepInEpoch() + ") to " + toEpoch);
    }
    NetworkKernel kernel = ThreadKernels.get(recipe.model(), shape, nativeThreads);
    int steps = stepsPerEpoch(data.count());
    OptimizerStep optimizer = recipe.optimizerStep(kernel.layout(), (long) steps * totalEpochs, 1);
    float[] parameters = from.parameters().clone();
    float[] state = from.fresh() ? optimizer.newState() : from.updaterStates().get(0).clone();
    long step = from.step();
    List<Evaluation> evaluations = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    int epoch = from.epoch();
    for (; epoch < toEpoch; epoch++) {
      double lossSum = 0;
      long examples = 0;
      for (int s = 0; s < steps; s++) {
        Batch batch = data.trainingBatch(epoch, s, batchSize, recipe.seed(), shuffle);
        GradientSum gradient = kernel.gradient(parameters, batch, Seeds.dropout(recipe.seed(), step));
        if (!gradient.isFinite()) {
          return failed(from, evaluations, losses, "the gradient at step " + step + " (epoch " + (epoch + 1)
              + ") holds NaN or infinite values");
        }
        optimizer.apply(parameters, gradient.meanGradient(), state, step, epoch);
        step++;
        lossSum += gradient.meanLoss() * gradient.count();
        examples += gradient.count();
      }
      if (!allFinite(parameters)) {
        return failed(from, evaluations, losses, "the parameters after epoch " + (epoch + 1)
            + " hold NaN or infinite values");
      }
      losses.add(lossSum / examples);
      evaluations.add(evaluate(kernel, parameters, heldOut));
    }
    TrainingState end = new TrainingState(step, epoch, 0, parameters, List.of(state),
        TrainingState.EpochProgress.NONE, new TrainingState.History(epoch, 0, 0, -1, new float[0], Double.NaN, 0));
    return new Segment(end, evaluations, losses, null);
  }

  /** Loss and metrics of {@code parameters} on {@code examples}, in inference mode. */
  public Evaluation evaluate(WorkerShard examples, float[] parameters) {
    return evaluate(ThreadKernels.get(recipe.model(), shape, nativeThreads), parameters, examples);
  }

  private Evaluation evaluate(NetworkKernel kernel, float[] parameters, WorkerShard examples) {
    Evaluation result = new Evaluation(shape.classification() ? shape.outputs() : 0, evaluation);
    for (int from = 0; from < examples.count(); from += EVALUATION_CHUNK) {
      Batch batch = examples.slice(from, Math.min(examples.count(), from + EVALUATION_CHUNK));
      result.record(batch.labels(), kernel.predict(parameters, batch), kernel.lossSum(parameters, batch));
    }
    return result;
  }

  private static Segment failed(TrainingState from, List<Evaluation> evaluations, List<Double> losses,
      String why) {
    return new Segment(from, evaluations, losses, why);
  }

  private static boolean allFinite(float[] values) {
    for (float value : values) {
      if (!Float.isFinite(value)) {
        return false;
      }
    }
    return true;
  }
}
