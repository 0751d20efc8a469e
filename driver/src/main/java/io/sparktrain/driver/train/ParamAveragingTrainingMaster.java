package io.sparktrain.driver.train;

import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.eval.Evaluator;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.optim.OptimizerStep;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Local SGD with parameter averaging ({@code param-averaging}) over the {@code driver} transport
 * (Zinkevich et al. 2010; Lin et al. 2020, "Don't use large mini-batches, use local SGD"). Each
 * round: the parameters are broadcast, and so is each worker's updater state, to that worker only
 * (or the one averaged state to all); every worker takes up to {@code training.averaging-frequency}
 * local steps of its own, on the batches {@code sync-gradient} would give it at those steps, with
 * the same optimizer, schedule (clocked by the global step), regularization, clipping and frozen
 * layers; then the parameters (and the states) come to the driver, which adds them up in worker
 * order (a {@link WorkerOrderSum}, reproducible bit for bit) and averages them weighted by the examples each worker trained on in the round. A round never
 * crosses an epoch boundary. With {@code average-updater-state} every worker continues from the
 * averaged state; without, each keeps its own from round to round, held on the driver between
 * rounds. With one local step per round, plain SGD (with L1/L2 and weight decay, which are linear
 * in the parameters) equals {@code sync-gradient}; so does momentum with the state averaged.
 *
 * <p>Progress is reported per global step, as by {@code sync-gradient}: a step's loss is the mean
 * over all workers' examples of that step (each at its own worker's parameters), and its samples
 * per second are measured when its round ends.
 *
 * <p>A checkpoint holds the averaged parameters and the updater state (the averaged one, or each
 * worker's); one is saved at the end of a round inside an epoch when {@link Checkpointing} says so
 * and after every epoch's end, so a resumed run's rounds are the uninterrupted run's rounds.
 */
public final class ParamAveragingTrainingMaster implements TrainingMaster {
  private static final ClassTag<RoundSum> ROUND_SUM = ClassTag$.MODULE$.apply(RoundSum.class);
  private final JavaSparkContext spark;
  private final TrainingRecipe recipe;
  private final TrainingSpec training;
  private final EvaluationSpec evaluation;
  private final boolean shuffle;
  private final int nativeThreads;

  /**
   * @param spark the Spark context
   * @param recipe model, optimizer, schedule, regularization, seed
   * @param training batch size, epochs, learning-rate scaling, logging, and the averaging settings;
   *     its mode must be {@code param-averaging}
   * @param evaluation the optional metrics of the test evaluation after every epoch
   * @param shuffle whether workers reshuffle their examples each epoch
   * @param nativeThreads ND4J threads per worker
   */
  public ParamAveragingTrainingMaster(JavaSparkContext spark, TrainingRecipe recipe, TrainingSpec training,
      EvaluationSpec evaluation, boolean shuffle, int nativeThreads) {
    if (training.mode() != TrainingMode.PARAM_AVERAGING) {
      throw new IllegalArgumentException("a ParamAveragingTrainingMaster needs training.mode param-averaging, got "
          + training.mode());
    }
    this.spark = spark;
    this.recipe = recipe;
    this.training = training;
    this.evaluation = evaluation;
    this.shuffle = shuffle;
    this.nativeThreads = nativeThreads;
  }

  @Override
  public TrainingResult fit(ShardedDataset data, ShardedDataset validation, ShardedDataset test,
      TrainingListener listener) {
    return fit(data, validation, test, NetworkFactory.initialParameters(recipe.model(), data.shape(), recipe.seed()),
        listener);
  }

  @Override
  public TrainingResult fit(ShardedDataset data, ShardedDataset validation, ShardedDataset test, TrainingState start,
      Checkpointing checkpoints, TrainingListener listener) {
    int batchSize = training.batchSize().examplesPerWorker(data.workers(), data.count());
    int stepsPerEpoch = data.stepsPerEpoch(batchSize);
    int frequency = training.averaging().frequency();
    boolean averageState = training.averaging().averageUpdaterState();
    OptimizerStep optimizer = TrainingMasters.optimizerStep(recipe, training, data, stepsPerEpoch, start);
    LocalSgdWorker worker = new LocalSgdWorker(new GradientWorker(recipe.model(), data.shape(), recipe.seed(),
        batchSize, shuffle, nativeThreads), optimizer, data.workers(), averageState);
    EpochEnds epochEnds = new EpochEnds(training, new Evaluator(spark, recipe.model(), evaluation, nativeThreads),
        validation, test, listener, start.history());
    float[] parameters = start.parameters().clone();
    List<float[]> states = TrainingMasters.updaterStates(start, optimizer, averageState ? 1 : data.workers());
    long globalStep = start.step();
    TrainingState.EpochProgress progress = start.epochProgress();
    for (int epoch = start.epoch(); epoch < training.epochs() && !epochEnds.stopped(); epoch++) {
      int first = epoch == start.epoch() ? start.stepInEpoch() : 0;
      long started = System.nanoTime() - (long) (progress.seconds() * 1e9);
      double lossSum = progress.lossSum();
      long examples = progress.examples();
      for (int step = first; step < stepsPerEpoch; step += frequency) {
        LocalSteps steps = new LocalSteps(epoch, step, Math.min(frequency, stepsPerEpoch - step), globalStep);
        RoundSum round = round(data, parameters, states, worker, averageState, steps);
        if (round.diverged()) {
          throw TrainingDivergedException.at(round.divergedStep(), epoch, round.divergence(),
              optimizer.learningRate(round.divergedStep(), epoch));
        }
        parameters = round.meanParameters();
        long lastStep = steps.globalStep(steps.count() - 1);
        if (!TrainingDivergedException.allFinite(parameters)) {
          throw TrainingDivergedException.at(lastStep, epoch, "the averaged parameters hold NaN or infinite values",
              optimizer.learningRate(lastStep, epoch));
        }
        states = averageState ? List.of(round.meanState()) : round.states();
        for (int j = 0; j < steps.count(); j++) {
          lossSum += round.lossSum(j);
          examples += round.count(j);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        for (int j = 0; j < steps.count(); j++) {
          listener.onStep(new TrainingListener.StepReport(steps.globalStep(j), epoch, step + j, stepsPerEpoch,
              round.lossSum(j) / round.count(j), optimizer.learningRate(steps.globalStep(j), epoch), round.count(j),
              examples / seconds));
        }
        globalStep += steps.count();
        if (step + steps.count() < stepsPerEpoch && checkpoints.dueWithin(steps.globalStep(0), globalStep)) {
          TrainingState state = new TrainingState(globalStep, epoch, step + steps.count(), parameters, states,
              new TrainingState.EpochProgress(lossSum, examples, seconds), epochEnds.history());
          checkpoints.save(() -> state);
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      epochEnds.close(epoch, globalStep, lossSum, examples, seconds, parameters);
      TrainingState state = new TrainingState(globalStep, epoch + 1, 0, parameters, states,
          TrainingState.EpochProgress.NONE, epochEnds.history());
      checkpoints.save(() -> state);
      progress = TrainingState.EpochProgress.NONE;
    }
    return epochEnds.result(globalStep);
  }

  /**
   * One round: every worker's local steps from {@code parameters}, summed on the driver.
   *
   * @param states one shared updater state, or one per worker in worker order
   */
  private RoundSum round(ShardedDataset data, float[] parameters, List<float[]> states, LocalSgdWorker worker,
      boolean averageState, LocalSteps steps) {
    Broadcast<float[]> sharedParameters = spark.broadcast(parameters);
    List<Broadcast<float[]>> sharedStates = new ArrayList<>();
    try {
      for (float[] state : states) {
        sharedStates.add(spark.broadcast(state));
      }
      return WorkerOrderSum.run(data.shards(), shard -> worker.round(shard, sharedParameters.value(),
              sharedStates.get(averageState ? 0 : shard.worker()).value(), steps),
          RoundSum::combine, ROUND_SUM);
    } finally {
      sharedParameters.destroy();
      sharedStates.forEach(Broadcast::destroy);
    }
  }
}
