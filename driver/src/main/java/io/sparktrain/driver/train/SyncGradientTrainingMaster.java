package io.sparktrain.driver.train;

import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.eval.Evaluator;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.kernels.train.GradientSum;
import io.sparktrain.ps.InProcessParameterServer;
import io.sparktrain.ps.ParameterServer;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Synchronous gradient averaging with the {@code driver} transport. Each step: broadcast the
 * parameters, every worker computes the summed gradient of its next {@code b} examples, the
 * driver adds them up in worker order (a {@link WorkerOrderSum}, so the float sum is the same in
 * every run and equals the sharded parameter server's), the in-process parameter server applies one
 * update with the example-weighted mean gradient, and the step's broadcast is destroyed. With
 * {@code W} workers this is single-machine training with batch {@code W*b} on the same examples.
 * The schedule runs over {@code stepsPerEpoch * epochs} steps, from the base rate scaled by
 * {@code training.lr-scaling} for {@code W} workers. With {@code training.full-batch} the
 * per-worker batch is {@code ceil(N / W)} and each epoch is one step.
 *
 * <p>After every epoch the parameters are evaluated on the validation split and the test data;
 * with {@code training.early-stopping} an {@link EarlyStopping} trigger watches the validation
 * metric, the best epoch's parameters are kept, and the loop ends early when it says so (see
 * {@link EpochEnds}).
 *
 * <p>A checkpoint holds the server's parameters, its optimizer state and its step; one is saved
 * inside an epoch when {@link Checkpointing} says so and after every epoch's end.
 */
public final class SyncGradientTrainingMaster implements TrainingMaster {
  private static final ClassTag<GradientSum> GRADIENT_SUM = ClassTag$.MODULE$.apply(GradientSum.class);
  private final JavaSparkContext spark;
  private final TrainingRecipe recipe;
  private final TrainingSpec training;
  private final EvaluationSpec evaluation;
  private final boolean shuffle;
  private final int nativeThreads;

  /**
   * @param spark the Spark context
   * @param recipe model, optimizer, schedule, regularization, seed
   * @param training batch size, epochs, learning-rate scaling, logging
   * @param evaluation the optional metrics of the test and validation evaluations after every epoch
   * @param shuffle whether workers reshuffle their examples each epoch
   * @param nativeThreads ND4J threads per worker
   */
  public SyncGradientTrainingMaster(JavaSparkContext spark, TrainingRecipe recipe, TrainingSpec training,
      EvaluationSpec evaluation, boolean shuffle, int nativeThreads) {
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
    OptimizerStep optimizer = TrainingMasters.optimizerStep(recipe, training, data, stepsPerEpoch, start);
    ParameterServer server = new InProcessParameterServer(optimizer, start.parameters(),
        TrainingMasters.updaterStates(start, optimizer, 1).get(0), start.step());
    GradientWorker worker = new GradientWorker(recipe.model(), data.shape(), recipe.seed(), batchSize,
        shuffle, nativeThreads);
    EpochEnds epochEnds = new EpochEnds(training, new Evaluator(spark, recipe.model(), evaluation, nativeThreads),
        validation, test, listener, start.history());
    TrainingState.EpochProgress progress = start.epochProgress();
    for (int epoch = start.epoch(); epoch < training.epochs() && !epochEnds.stopped(); epoch++) {
      int first = epoch == start.epoch() ? start.stepInEpoch() : 0;
      long started = System.nanoTime() - (long) (progress.seconds() * 1e9);
      double lossSum = progress.lossSum();
      long examples = progress.examples();
      for (int step = first; step < stepsPerEpoch; step++) {
        long globalStep = server.step();
        GradientSum gradient = workerGradients(data, server.parameters(), worker, epoch, step, globalStep);
        if (!gradient.isFinite()) {
          throw TrainingDivergedException.at(globalStep, epoch, TrainingDivergedException.problem(gradient),
              optimizer.learningRate(globalStep, epoch));
        }
        double rate = server.apply(gradient, epoch);
        lossSum += gradient.meanLoss() * gradient.count();
        examples += gradient.count();
        double seconds = (System.nanoTime() - started) / 1e9;
        listener.onStep(new TrainingListener.StepReport(globalStep, epoch, step, stepsPerEpoch,
            gradient.meanLoss(), rate, gradient.count(), examples / seconds));
        if (step + 1 < stepsPerEpoch && checkpoints.dueWithin(globalStep, globalStep + 1)) {
          TrainingState state = new TrainingState(server.step(), epoch, step + 1, finite(server, optimizer, epoch),
              List.of(server.updaterState()), new TrainingState.EpochProgress(lossSum, examples, seconds),
              epochEnds.history());
          checkpoints.save(() -> state);
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      epochEnds.close(epoch, server.step(), lossSum, examples, seconds, server.parameters());
      // Built whether or not it is saved: finite() also stops a run whose parameters diverged.
      TrainingState state = new TrainingState(server.step(), epoch + 1, 0, finite(server, optimizer, epoch),
          List.of(server.updaterState()), TrainingState.EpochProgress.NONE, epochEnds.history());
      checkpoints.save(() -> state);
      progress = TrainingState.EpochProgress.NONE;
    }
    return epochEnds.result(server.step());
  }

  /** The server's parameters, which a checkpoint may hold only when finite (the next step would diverge). */
  private static float[] finite(ParameterServer server, OptimizerStep optimizer, int epoch) {
    float[] parameters = server.parameters();
    if (!TrainingDivergedException.allFinite(parameters)) {
      long last = server.step() - 1;
      throw TrainingDivergedException.at(last, epoch, "the updated parameters hold NaN or infinite values",
          optimizer.learningRate(last, epoch));
    }
    return parameters;
  }

  private GradientSum workerGradients(ShardedDataset data, float[] parameters, GradientWorker worker,
      int epoch, int step, long globalStep) {
    Broadcast<float[]> shared = spark.broadcast(parameters);
    try {
      return WorkerOrderSum.run(data.shards(), shard -> worker.gradient(shard, shared.value(), epoch, step, globalStep),
          GradientSum::combine, GRADIENT_SUM);
    } finally {
      shared.destroy();
    }
  }
}
