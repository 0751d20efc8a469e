package io.sparktrain.driver.train;

import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.eval.Evaluator;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.ps.shard.ParameterServerSecret;
import io.sparktrain.ps.shard.ShardedPsConfig;
import io.sparktrain.ps.shard.SliceLayout;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Synchronous gradient averaging over the {@code sharded-ps} transport: one Spark barrier stage
 * ({@code RDD.barrier()}) per epoch over the cached shards, in which every task hosts one shard of
 * the parameter server ({@link io.sparktrain.ps.shard.ShardServer}: a contiguous slice of the
 * parameters and that slice of the optimizer state) and trains as a {@link
 * io.sparktrain.ps.shard.ShardClient}: each step it computes the summed gradient of its next
 * {@code b} examples with the same {@link GradientWorker} as {@code sync-gradient} (same batches,
 * dropout seeded by the global step), pushes slice {@code s} to shard {@code s}, and pulls every
 * updated slice. No Spark job per step, and no gradient through the driver: with {@code W} workers
 * the run equals {@code sync-gradient} over the {@code driver} transport (and so the reference
 * trainer with batch {@code W*b}), with every optimizer, schedule and regularizer.
 *
 * <p>After each stage the driver reassembles the parameters and the optimizer state from the
 * shards' snapshots, reports every step of the epoch to the listener (loss, rate, examples,
 * samples per second), then the bytes the workers exchanged ({@link TrainingListener#onTraffic}),
 * and closes the epoch as every master does ({@link EpochEnds}: evaluation, early stopping). A
 * non-finite loss or parameter stops the stage after that step on every worker and throws {@link
 * TrainingDivergedException}. Workers' progress is logged on the executors every {@code
 * training.log-every-steps} steps while a stage runs.
 *
 * <p>Failure: a failed task fails the barrier stage, and with it the stage's job (Spark never
 * retries a failed barrier result stage); the driver then runs the epoch's stage again, up to
 * {@code spark.stage.maxConsecutiveAttempts} attempts in all (default 4). Every attempt starts from
 * the driver's copy of the parameters and state after the last completed epoch, with a job id of
 * its own, so the run ends with the parameters of an uninterrupted one. The tasks' results (each
 * shard's slice of the parameters and of the optimizer state) reach the driver as task results, so
 * they must fit in {@code spark.driver.maxResultSize}; a model too large for it is refused before
 * training, naming the size it needs.
 *
 * <p>Security: the shards authenticate every connection with a key derived from {@code
 * spark.authenticate.secret} when {@code spark.authenticate} is on, and otherwise with a random
 * key generated for the run and shipped to the tasks in the stage's closure. Each shard listens on
 * its executor's address, never the wildcard. The workers must fit in the cluster's task slots at
 * once: {@code spark.workers} at most the total executor cores (divided by {@code spark.task.cpus}).
 */
public final class ShardedPsTrainingMaster implements TrainingMaster {
  private static final Logger LOG = LoggerFactory.getLogger(ShardedPsTrainingMaster.class);
  private static final ClassTag<ShardOutcome> OUTCOME = ClassTag$.MODULE$.apply(ShardOutcome.class);
  private final JavaSparkContext spark;
  private final TrainingRecipe recipe;
  private final TrainingSpec training;
  private final EvaluationSpec evaluation;
  private final boolean shuffle;
  private final int nativeThreads;
  private final FaultInjection fault;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param spark the Spark context
   * @param recipe model, optimizer, schedule, regularization, seed
   * @param training batch size, epochs, learning-rate scaling, logging and compression; its mode
   *     must be {@code sync-gradient} and its transport {@code sharded-ps}
   * @param evaluation the optional metrics of the test and validation evaluations after every epoch
   * @param shuffle whether workers reshuffle their examples each epoch
   * @param nativeThreads ND4J threads per worker
   */
  public ShardedPsTrainingMaster(JavaSparkContext spark, TrainingRecipe recipe, TrainingSpec training,
      EvaluationSpec evaluation, boolean shuffle, int nativeThreads) {
    this(spark, recipe, training, evaluation, shuffle, nativeThreads, FaultInjection.NONE);
  }

  /** A master whose first stage attempts fail as {@code fault} says, for tests of the retry. */
  ShardedPsTrainingMaster(JavaSparkContext spark, TrainingRecipe recipe, TrainingSpec training,
      EvaluationSpec evaluation, boolean shuffle, int nativeThreads, FaultInjection fault) {
    if (training.mode() != TrainingMode.SYNC_GRADIENT || training.transport() != Transport.SHARDED_PS) {
      throw new IllegalArgumentException("a ShardedPsTrainingMaster needs training.mode sync-gradient and"
          + " training.transport sharded-ps, got " + training.mode() + " and " + training.transport());
    }
    this.spark = spark;
    this.recipe = recipe;
    this.training = training;
    this.evaluation = evaluation;
    this.shuffle = shuffle;
    this.nativeThreads = nativeThreads;
    this.fault = fault;
  }

  @Override
  public TrainingResult fit(ShardedDataset data, ShardedDataset validation, ShardedDataset test,
      TrainingListener listener) {
    return fit(data, validation, test, NetworkFactory.initialParameters(recipe.model(), data.shape(), recipe.seed()),
        listener);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A barrier stage runs a whole epoch, so checkpoints are saved at epoch ends only; a start
   * inside an epoch (a checkpoint of the {@code driver} transport) runs the rest of that epoch as one
   * stage.
   */
  @Override
  public TrainingResult fit(ShardedDataset data, ShardedDataset validation, ShardedDataset test, TrainingState start,
      Checkpointing checkpoints, TrainingListener listener) {
    int batchSize = training.batchSize().examplesPerWorker(data.workers(), data.count());
    int stepsPerEpoch = data.stepsPerEpoch(batchSize);
    OptimizerStep optimizer = TrainingMasters.optimizerStep(recipe, training, data, stepsPerEpoch, start);
    ShardedPsConfig config = ShardedPsConfig.of(0, data.workers(), start.parameters().length, training.compression());
    requireResultsFit(spark.getConf(), start.parameters().length, optimizer.newSliceState(start.parameters().length).length);
    ShardedRun run = new ShardedRun(config, jobSecret(spark.getConf(), random), optimizer,
        new GradientWorker(recipe.model(), data.shape(), recipe.seed(), batchSize, shuffle, nativeThreads),
        training.logEverySteps(), fault);
    EpochEnds epochEnds = new EpochEnds(training, new Evaluator(spark, recipe.model(), evaluation, nativeThreads),
        validation, test, listener, start.history());
    float[] parameters = start.parameters().clone();
    float[] whole = TrainingMasters.updaterStates(start, optimizer, 1).get(0);
    // Between stages the optimizer state stays in the shards' slices; the whole vector is only for checkpoints.
    List<float[]> stateSlices = IntStream.range(0, config.layout().slices())
        .mapToObj(shard -> config.layout().sliceState(whole, shard)).toList();
    long globalStep = start.step();
    TrainingState.EpochProgress progress = start.epochProgress();
    for (int epoch = start.epoch(); epoch < training.epochs() && !epochEnds.stopped(); epoch++) {
      int first = epoch == start.epoch() ? start.stepInEpoch() : 0;
      long started = System.nanoTime() - (long) (progress.seconds() * 1e9);
      LocalSteps steps = new LocalSteps(epoch, first, stepsPerEpoch - first, globalStep);
      List<ShardOutcome> outcomes = stage(data, run, epoch, steps, parameters, stateSlices);
      ShardOutcome lead = outcomes.get(0);
      double lossSum = progress.lossSum();
      long examples = progress.examples();
      for (int j = 0; j < lead.steps(); j++) {
        lossSum += lead.meanLoss(j) * lead.examples(j);
        examples += lead.examples(j);
        if (lead.divergence() != null && j == lead.steps() - 1) {
          throw TrainingDivergedException.at(steps.globalStep(j), epoch, lead.divergence(),
              optimizer.learningRate(steps.globalStep(j), epoch));
        }
        listener.onStep(new TrainingListener.StepReport(steps.globalStep(j), epoch, first + j, stepsPerEpoch,
            lead.meanLoss(j), optimizer.learningRate(steps.globalStep(j), epoch), lead.examples(j),
            examples / lead.seconds(j)));
      }
      globalStep += steps.count();
      parameters = assemble(config.layout(), outcomes, globalStep);
      stateSlices = outcomes.stream().map(ShardOutcome::updaterState).toList();
      listener.onTraffic(traffic(epoch, steps.count(), outcomes));
      double seconds = (System.nanoTime() - started) / 1e9;
      epochEnds.close(epoch, globalStep, lossSum, examples, seconds, parameters);
      checkpoints.save(new TrainingState(globalStep, epoch + 1, 0, parameters,
          List.of(config.layout().wholeState(stateSlices)),
          TrainingState.EpochProgress.NONE, epochEnds.history()));
      progress = TrainingState.EpochProgress.NONE;
    }
    return epochEnds.result(globalStep);
  }

  /**
   * Runs the barrier stage of {@code steps} from {@code parameters} and the shards' {@code stateSlices},
   * again from the same start after a failed attempt; outcomes in worker order.
   */
  private List<ShardOutcome> stage(ShardedDataset data, ShardedRun run, int epoch, LocalSteps steps,
      float[] parameters, List<float[]> stateSlices) {
    Broadcast<float[]> sharedParameters = spark.broadcast(parameters);
    // Each task fetches only its shard's slice of the optimizer state (Adam: 2 * P / W floats), not all of it.
    List<Broadcast<float[]>> sharedSlices = new ArrayList<>();
    int attempts = spark.getConf().getInt("spark.stage.maxConsecutiveAttempts", 4);
    try {
      for (float[] slice : stateSlices) {
        sharedSlices.add(spark.broadcast(slice));
      }
      for (int attempt = 0; ; attempt++) {
        ShardedEpochTask task = new ShardedEpochTask(run, random.nextLong(), attempt, steps, sharedParameters,
            List.copyOf(sharedSlices));
        try {
          List<ShardOutcome> outcomes = new ArrayList<>(
              new JavaRDD<>(data.shards().rdd().barrier().mapPartitions(task, false, OUTCOME), OUTCOME).collect());
          outcomes.sort(Comparator.comparingInt(ShardOutcome::worker));
          return outcomes;
        } catch (Exception e) { // collect() throws SparkException, which Java sees as checked
          if (!(e instanceof SparkException) || spark.sc().isStopped() || attempt + 1 >= attempts) {
            throw e instanceof RuntimeException runtime ? runtime
                : new IllegalStateException("the sharded-ps stage of epoch " + (epoch + 1) + " failed in " + (attempt + 1)
                    + " attempts (spark.stage.maxConsecutiveAttempts = " + attempts + "): " + e.getMessage(), e);
          }
          LOG.warn("sharded-ps stage of epoch {} failed (attempt {} of {}); running it again from the epoch's start: {}",
              epoch + 1, attempt + 1, attempts, e.getMessage());
        }
      }
    } finally {
      sharedParameters.destroy();
      sharedSlices.forEach(Broadcast::destroy);
    }
  }

  /**
   * Refuses a model whose shards' results, the parameters and optimizer state that reach the driver
   * after every stage, exceed {@code spark.driver.maxResultSize} (0: unlimited).
   */
  static void requireResultsFit(SparkConf conf, int parameters, int stateLength) {
    long limit = conf.getSizeAsBytes("spark.driver.maxResultSize", "1g");
    // Kryo writes 4 bytes a float, plus each task's losses, times and a few hundred bytes of framing.
    long needed = 4L * (parameters + (long) stateLength) + (1L << 20);
    if (limit > 0 && needed > limit) {
      throw new ConfigException("training.transport sharded-ps returns the parameters and the optimizer state to"
          + " the driver after every epoch: " + (needed >> 20) + " MiB for this model, more than"
          + " spark.driver.maxResultSize (" + (limit >> 20) + " MiB); set spark.driver.maxResultSize to at least "
          + ((needed >> 20) + 1) + "m, or 0 for no limit");
    }
  }

  /** The whole parameter vector from the shards' slices, after checking that every shard reached {@code nextStep}. */
  private static float[] assemble(SliceLayout layout, List<ShardOutcome> outcomes, long nextStep) {
    float[] whole = new float[layout.size()];
    for (ShardOutcome outcome : outcomes) {
      if (outcome.nextStep() != nextStep) {
        throw new IllegalStateException("shard " + outcome.worker() + " ended its stage before step "
            + outcome.nextStep() + ", expected " + nextStep);
      }
      float[] slice = outcome.parameters();
      System.arraycopy(slice, 0, whole, layout.offset(outcome.worker()), slice.length);
    }
    return whole;
  }

  private static TrainingListener.TrafficReport traffic(int epoch, int steps, List<ShardOutcome> outcomes) {
    long sent = outcomes.stream().mapToLong(ShardOutcome::bytesSent).sum();
    long received = outcomes.stream().mapToLong(ShardOutcome::bytesReceived).sum();
    double perWorkerStep = (double) outcomes.size() * steps;
    return new TrainingListener.TrafficReport(epoch, steps, outcomes.size(), sent / perWorkerStep,
        received / perWorkerStep);
  }

  /**
   * The key of a run's shards: derived from Spark's own secret when {@code spark.authenticate} is
   * on ({@code spark.authenticate.secret}, or the one Spark generated for the application), and
   * otherwise a fresh random key.
   */
  static ParameterServerSecret jobSecret(SparkConf conf, SecureRandom random) {
    if (!conf.getBoolean("spark.authenticate", false)) {
      return ParameterServerSecret.generate(random);
    }
    return ParameterServerSecret.fromPassphrase(conf.contains("spark.authenticate.secret")
        ? conf.get("spark.authenticate.secret") : SparkEnv.get().securityManager().getSecretKey());
  }
}
