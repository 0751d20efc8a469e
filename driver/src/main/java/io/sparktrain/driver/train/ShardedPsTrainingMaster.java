package io.sparktrain.driver.train;

import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.eval.Evaluator;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.ps.shard.ParameterServerSecret;
import io.sparktrain.ps.shard.ShardCoordinator;
import io.sparktrain.ps.shard.ShardedPsConfig;
import io.sparktrain.ps.shard.SliceLayout;
import io.sparktrain.ps.shard.StepProgress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
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
 * <p>The driver holds the parameters and each shard's slice of the optimizer state between stages,
 * and runs a {@link ShardCoordinator} for each stage attempt: the shards fetch their slices from it
 * when they start and hand their final slices back to it after the last step (once each way per
 * stage, directly between the driver and each task, not through a broadcast and task results), and
 * worker 0 reports every step to it as it finishes, which the driver passes to the listener (loss,
 * rate, examples, samples per second) while the stage runs. After the stage the driver reports the
 * bytes the workers exchanged ({@link TrainingListener#onTraffic}) and closes the epoch as every
 * master does ({@link EpochEnds}: evaluation, early stopping). A non-finite loss or parameter stops
 * the stage after that step on every worker and throws {@link TrainingDivergedException}. Workers'
 * progress is also logged on the executors every {@code training.log-every-steps} steps.
 *
 * <p>Failure: a failed task fails the barrier stage, and with it the stage's job (Spark never
 * retries a failed barrier result stage); the driver then runs the epoch's stage again, up to
 * {@code spark.stage.maxConsecutiveAttempts} attempts in all (default 4). Every attempt starts from
 * the driver's copy of the parameters and state after the last completed epoch, with a job id and
 * a coordinator of its own, so the run ends with the parameters of an uninterrupted one; the steps
 * a failed attempt already reported are not reported again (the retry repeats them exactly).
 *
 * <p>Security and networking: the shards and the coordinator authenticate every connection with a
 * key derived from {@code spark.authenticate.secret} when {@code spark.authenticate} is on, and
 * otherwise with a random key generated for the run and shipped to the tasks in the stage's
 * closure. Each shard listens on its executor's address, the coordinator on the driver's ({@code
 * spark.driver.bindAddress}, advertised as {@code spark.driver.host}), never the wildcard unless
 * configured so, on ports the system picks: executors must reach each other and the driver, as
 * Spark's own block transfers need by default. The workers must fit in the cluster's task slots at
 * once: {@code spark.workers} at most the total executor cores (divided by {@code spark.task.cpus}).
 */
public final class ShardedPsTrainingMaster implements TrainingMaster {
  private static final Logger LOG = LoggerFactory.getLogger(ShardedPsTrainingMaster.class);
  private static final ClassTag<ShardOutcome> OUTCOME = ClassTag$.MODULE$.apply(ShardOutcome.class);
  /** How often the driver checks whether the stage's job is done while it waits for step reports. */
  private static final long PROGRESS_POLL_MILLIS = 20;
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
      StepReports reports = new StepReports(listener, optimizer, steps, stepsPerEpoch, progress);
      Stage stage = stage(data, run, steps, parameters, stateSlices, reports);
      reports.throwIfDiverged();
      globalStep += steps.count();
      if (stage.finalStep() != globalStep) {
        throw new IllegalStateException("the shards ended the stage of epoch " + (epoch + 1) + " before step "
            + stage.finalStep() + ", expected " + globalStep);
      }
      parameters = stage.parameters();
      stateSlices = stage.stateSlices();
      listener.onTraffic(traffic(epoch, steps.count(), stage.outcomes()));
      double seconds = (System.nanoTime() - started) / 1e9;
      epochEnds.close(epoch, globalStep, reports.lossSum(), reports.examples(), seconds, parameters);
      checkpoints.save(epochEnd(config.layout(), globalStep, epoch + 1, parameters, stateSlices, epochEnds.history()));
      progress = TrainingState.EpochProgress.NONE;
    }
    return epochEnds.result(globalStep);
  }

  /**
   * The state after an epoch, for a checkpoint: its optimizer state is put together from the shards'
   * slices only when a checkpoint takes it.
   */
  private static Supplier<TrainingState> epochEnd(SliceLayout layout, long step, int nextEpoch, float[] parameters,
      List<float[]> stateSlices, TrainingState.History history) {
    return () -> new TrainingState(step, nextEpoch, 0, parameters, List.of(layout.wholeState(stateSlices)),
        TrainingState.EpochProgress.NONE, history);
  }

  /** What a stage ends with: the tasks' outcomes in worker order and the shards' final slices. */
  private record Stage(List<ShardOutcome> outcomes, long finalStep, float[] parameters, List<float[]> stateSlices) {}

  /**
   * Runs the barrier stage of {@code steps} from {@code parameters} and the shards' {@code stateSlices},
   * again from the same start after a failed attempt, passing the steps to {@code reports} as they finish.
   */
  private Stage stage(ShardedDataset data, ShardedRun run, LocalSteps steps, float[] parameters,
      List<float[]> stateSlices, StepReports reports) {
    int attempts = spark.getConf().getInt("spark.stage.maxConsecutiveAttempts", 4);
    for (int attempt = 0; ; attempt++) {
      long jobId = random.nextLong();
      try (ShardCoordinator coordinator = ShardCoordinator.start(run.config(jobId), run.secret(), steps.firstGlobalStep(),
          parameters, stateSlices, driverBindAddress(spark.getConf()))) {
        ShardedEpochTask task = new ShardedEpochTask(run, jobId, attempt, steps, new ShardedEpochTask.CoordinatorEndpoint(
            spark.getConf().get("spark.driver.host"), coordinator.address().getPort(), coordinator.inJvmAddress().id()));
        JavaFutureAction<List<ShardOutcome>> job =
            new JavaRDD<>(data.shards().rdd().barrier().mapPartitions(task, false, OUTCOME), OUTCOME).collectAsync();
        try {
          List<ShardOutcome> outcomes = new ArrayList<>(await(job, coordinator, reports));
          outcomes.sort(Comparator.comparingInt(ShardOutcome::worker));
          return new Stage(outcomes, coordinator.finalStep(), coordinator.finalParameters(),
              coordinator.finalStateSlices());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (!(cause instanceof SparkException) || spark.sc().isStopped() || attempt + 1 >= attempts) {
            throw new IllegalStateException("the sharded-ps stage of epoch " + (steps.epoch() + 1) + " failed in "
                + (attempt + 1) + " attempts (spark.stage.maxConsecutiveAttempts = " + attempts + "): "
                + cause.getMessage(), cause);
          }
          LOG.warn("sharded-ps stage of epoch {} failed (attempt {} of {}); running it again from the epoch's start: {}",
              steps.epoch() + 1, attempt + 1, attempts, cause.getMessage());
        }
      }
    }
  }

  /** The job's outcomes, passing the steps worker 0 reports to {@code reports} while the job runs. */
  private static List<ShardOutcome> await(JavaFutureAction<List<ShardOutcome>> job, ShardCoordinator coordinator,
      StepReports reports) throws ExecutionException {
    try {
      while (!job.isDone()) {
        StepProgress step = coordinator.pollProgress(PROGRESS_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (step != null) {
          reports.add(step);
        }
      }
      List<ShardOutcome> outcomes = job.get();
      // Worker 0 reports every step before its task hands over its shard's slices, so all are in by now.
      for (StepProgress step; (step = coordinator.pollProgress(0, TimeUnit.MILLISECONDS)) != null; ) {
        reports.add(step);
      }
      return outcomes;
    } catch (InterruptedException e) {
      job.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the sharded-ps stage ran", e);
    }
  }

  /**
   * The address the driver's coordinator listens on: {@code spark.driver.bindAddress}, which Spark
   * defaults to {@code spark.driver.host} (the address executors reach the driver at).
   */
  static InetSocketAddress driverBindAddress(SparkConf conf) {
    return new InetSocketAddress(conf.get("spark.driver.bindAddress", conf.get("spark.driver.host")), 0);
  }

  private static TrainingListener.TrafficReport traffic(int epoch, int steps, List<ShardOutcome> outcomes) {
    long sent = outcomes.stream().mapToLong(ShardOutcome::bytesSent).sum();
    long received = outcomes.stream().mapToLong(ShardOutcome::bytesReceived).sum();
    double perWorkerStep = (double) outcomes.size() * steps;
    return new TrainingListener.TrafficReport(epoch, steps, outcomes.size(), sent / perWorkerStep,
        received / perWorkerStep);
  }

  /**
   * Turns worker 0's step progress of one epoch into the listener's step reports, in step order,
   * each once: a retried stage repeats the steps its failed attempt reported, with the same results,
   * and those are dropped. Adds up the epoch's loss and examples; remembers a diverged step, which
   * is not reported.
   */
  private static final class StepReports {
    private final TrainingListener listener;
    private final OptimizerStep optimizer;
    private final LocalSteps steps;
    private final int stepsPerEpoch;
    private long next;
    private double lossSum;
    private long examples;
    private StepProgress diverged;

    StepReports(TrainingListener listener, OptimizerStep optimizer, LocalSteps steps, int stepsPerEpoch,
        TrainingState.EpochProgress before) {
      this.listener = listener;
      this.optimizer = optimizer;
      this.steps = steps;
      this.stepsPerEpoch = stepsPerEpoch;
      this.next = steps.firstGlobalStep();
      this.lossSum = before.lossSum();
      this.examples = before.examples();
    }

    void add(StepProgress step) {
      if (step.step() < next || diverged != null) {
        return;
      }
      if (step.step() != next) {
        throw new IllegalStateException("worker 0 reported step " + step.step() + " before step " + next);
      }
      next++;
      if (step.divergence() != null) {
        diverged = step;
        return;
      }
      lossSum += step.meanLoss() * step.examples();
      examples += step.examples();
      int stepInEpoch = steps.first() + (int) (step.step() - steps.firstGlobalStep());
      listener.onStep(new TrainingListener.StepReport(step.step(), steps.epoch(), stepInEpoch, stepsPerEpoch,
          step.meanLoss(), optimizer.learningRate(step.step(), steps.epoch()), step.examples(),
          examples / step.seconds()));
    }

    void throwIfDiverged() {
      if (diverged != null) {
        throw TrainingDivergedException.at(diverged.step(), steps.epoch(), diverged.divergence(),
            optimizer.learningRate(diverged.step(), steps.epoch()));
      }
    }

    double lossSum() {
      return lossSum;
    }

    long examples() {
      return examples;
    }
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
