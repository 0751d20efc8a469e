package io.sparktrain.driver.tune;

import io.sparktrain.driver.data.HadoopConf;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.data.WorkerShard;
import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.kernels.config.ConfigException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Runs a hyperparameter search. With one worker per trial ({@code tune.trial-workers: 1}) many trials
 * train at the same time, one per executor core, inside one Spark job per wave. With
 * {@code W > 1} workers per trial, each trial segment is an ordinary distributed run
 * ({@link DistributedSegment}) on its own driver thread, and {@code spark.defaultParallelism / W}
 * of them run side by side, each submitting its own Spark jobs.
 *
 * <p>The search proceeds in deterministic waves: the {@link TrialScheduler} hands out up to one
 * assignment per free task slot (promotions of trials that reached a rung first, then new trials);
 * one Spark job runs every assignment of the wave as its own task (with {@code tune.folds: k}, k
 * tasks, one per fold), which trains the trial on the executor from its saved state for the
 * assigned epochs, evaluating after each; the scores are then reported in trial order, the wave is
 * journaled, and the next wave begins. A trial that ASHA stops gets no further assignment, so its
 * slot goes to another trial in the next wave. The same seed gives the same waves, trials and results.
 *
 * <p>A trial's state between segments lives under {@code <output.dir>/trials/trial-NNNN[/fold-F]} in
 * the checkpoint format. A search restarted with a journal replays its finished waves through the
 * scheduler (the scheduler is deterministic, so each replayed wave hands out the journaled
 * assignments, which is checked) and trains only what is left.
 *
 * <p>Not thread-safe; one per search.
 */
public final class TuneRunner {
  private final JavaSparkContext spark;
  private final TuneSpec spec;
  private final Function<Map<String, Object>, TrialPlan> plans;
  private final String outputDir;
  private final int epochs;

  /**
   * @param spark the Spark context
   * @param spec the search
   * @param plans the trial of given values: the job config with them applied
   * @param epochs the epochs of a trial without early stopping (the job's {@code training.epochs})
   * @param outputDir where the trials' states go (any Hadoop file system URI)
   */
  public TuneRunner(JavaSparkContext spark, TuneSpec spec, Function<Map<String, Object>, TrialPlan> plans,
      int epochs, String outputDir) {
    ConfigException.require(spec.trialWorkers() == 1 || spec.folds() <= 1, "tune.folds " + spec.folds()
        + " with tune.trial-workers " + spec.trialWorkers() + " is not supported: cross-validated trials train"
        + " on one worker each; set tune.trial-workers: 1, or tune.folds: 0");
    this.spark = spark;
    this.spec = spec;
    this.plans = plans;
    this.epochs = epochs;
    this.outputDir = outputDir;
  }

  /**
   * Trials (or folds) a wave trains at once: the executors' cores ({@code spark.defaultParallelism})
   * divided by the workers of a trial.
   */
  int slots() {
    return Math.max(1, spark.defaultParallelism() / spec.trialWorkers());
  }

  /**
   * Runs the search.
   *
   * @param training the training examples on {@code tune.trial-workers} workers (with one worker, one shard
   *     numbered {@code 0..N-1})
   * @param heldOut the examples each epoch is evaluated on without cross-validation (as many shards as
   *     {@code training}); ignored with folds
   * @param journal where finished waves are recorded and read back from
   * @param onWave told the trials after every wave (replayed or trained)
   * @return every trial, by id
   */
  public List<TrialRecord> run(ShardedDataset training, ShardedDataset heldOut, TuneJournal journal,
      Consumer<List<TrialRecord>> onWave) {
    int workers = spec.trialWorkers();
    if (training.workers() != workers || (spec.folds() <= 1 && (heldOut == null || heldOut.workers() != workers))) {
      throw new IllegalArgumentException("a search reads its training and held-out data as tune.trial-workers ("
          + workers + ") shards each, got " + training.workers() + " and " + (heldOut == null ? 0 : heldOut.workers()));
    }
    TrialScheduler scheduler = new TrialScheduler(SearchStrategy.create(spec.strategy(), spec.space(),
        spec.goal(), spec.seed()), spec.trials(), spec.asha(), epochs, spec.goal());
    Map<Integer, Trial> trials = new TreeMap<>();
    int slots = Math.max(1, slots() / Math.max(1, spec.folds()));
    for (List<SegmentRecord> past : journal.pastWaves()) {
      List<Assignment> wave = scheduler.next(slots);
      List<String> expected = past.stream().map(r -> r.trialId() + ":" + r.fromEpoch() + "-" + r.toEpoch()).toList();
      List<String> actual = wave.stream().map(a -> a.trialId() + ":" + a.fromEpoch() + "-" + a.toEpoch()).toList();
      ConfigException.require(expected.equals(actual), "--resume: the search's journal in " + outputDir
          + " recorded the wave " + expected + " but this config schedules " + actual + " (another tune section,"
          + " seed or number of task slots): resume with the config and cluster of the interrupted search, or"
          + " set another output.dir to start afresh");
      report(scheduler, trials, past);
      onWave.accept(records(scheduler, trials));
    }
    if (workers > 1) {
      while (!scheduler.finished()) {
        List<SegmentRecord> records = runDistributedWave(next(scheduler, slots), training, heldOut);
        journal.append(records);
        report(scheduler, trials, records);
        onWave.accept(records(scheduler, trials));
      }
      return records(scheduler, trials);
    }
    int[] foldOf = spec.folds() > 1 ? folds(training) : null;
    Broadcast<int[]> sharedFolds = foldOf == null ? null : spark.broadcast(foldOf);
    JavaRDD<WorkerShard[]> data;
    if (spec.folds() > 1) {
      data = training.shards().map(shard -> new WorkerShard[] {shard, null});
    } else {
      data = training.shards().zipPartitions(heldOut.shards(),
          (a, b) -> List.<WorkerShard[]>of(new WorkerShard[] {a.next(), b.next()}).iterator());
    }
    try {
      while (!scheduler.finished()) {
        List<SegmentRecord> records = runWave(next(scheduler, slots), data, training.count(), training.shape(),
            sharedFolds);
        journal.append(records);
        report(scheduler, trials, records);
        onWave.accept(records(scheduler, trials));
      }
    } finally {
      if (sharedFolds != null) {
        sharedFolds.destroy();
      }
    }
    return records(scheduler, trials);
  }

  private static List<Assignment> next(TrialScheduler scheduler, int slots) {
    List<Assignment> wave = scheduler.next(slots);
    if (wave.isEmpty()) {
      throw new IllegalStateException("the scheduler has unfinished trials but no assignment for " + slots
          + " free slots");
    }
    return wave;
  }

  /**
   * A wave of trials with several workers each: every assignment trains on its own driver thread
   * through the training master of its job, submitting its own Spark jobs.
   */
  private List<SegmentRecord> runDistributedWave(List<Assignment> wave, ShardedDataset training,
      ShardedDataset heldOut) {
    int totalEpochs = spec.asha() == null ? epochs : spec.asha().maxEpochs();
    int nativeThreads = Math.max(1, spark.getConf().getInt("spark.task.cpus", 1));
    ExecutorService threads = Executors.newFixedThreadPool(wave.size(), runnable -> {
      Thread thread = new Thread(runnable, "sparktrain-tune-trial");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<SegmentOutcome>> running = new ArrayList<>();
      for (int a = 0; a < wave.size(); a++) {
        Assignment assignment = wave.get(a);
        DistributedSegment segment = new DistributedSegment(a, assignment.trialId(), assignment.fromEpoch(),
            assignment.toEpoch(), plans.apply(assignment.values()), totalEpochs, stateDir(assignment.trialId(), -1));
        running.add(threads.submit(() -> {
          spark.setJobDescription("tune: trial " + segment.trialId() + " (epochs " + (segment.fromEpoch() + 1) + "-"
              + segment.toEpoch() + ")");
          return segment.run(spark, training, heldOut, nativeThreads);
        }));
      }
      List<SegmentRecord> records = new ArrayList<>();
      for (int a = 0; a < wave.size(); a++) {
        records.add(record(wave.get(a), List.of(outcome(running.get(a)))));
      }
      return records;
    } finally {
      threads.shutdownNow();
    }
  }

  private static SegmentOutcome outcome(Future<SegmentOutcome> running) {
    try {
      return running.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trials were training", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private List<SegmentRecord> runWave(List<Assignment> wave, JavaRDD<WorkerShard[]> data, long examples,
      io.sparktrain.kernels.model.NetworkShape shape, Broadcast<int[]> foldOf) {
    int folds = spec.folds() > 1 ? spec.folds() : 1;
    List<SegmentTask> tasks = new ArrayList<>();
    for (Assignment assignment : wave) {
      TrialPlan plan = plans.apply(assignment.values());
      int totalEpochs = spec.asha() == null ? epochs : spec.asha().maxEpochs();
      long trainingExamples = folds > 1 ? examples - examples / folds : examples;
      TrialTrainer trainer = new TrialTrainer(plan.recipe(), shape,
          plan.training().batchSize().examplesPerWorker(1, trainingExamples), totalEpochs, plan.shuffle(),
          plan.evaluation(), Math.max(1, spark.getConf().getInt("spark.task.cpus", 1)));
      for (int fold = 0; fold < folds; fold++) {
        tasks.add(new SegmentTask(tasks.size(), assignment.trialId(), folds > 1 ? fold : -1,
            assignment.fromEpoch(), assignment.toEpoch(), trainer, stateDir(assignment.trialId(), folds > 1 ? fold : -1)));
      }
    }
    HadoopConf conf = new HadoopConf(spark.hadoopConfiguration());
    JavaRDD<Integer> indices = spark.parallelize(IntStream.range(0, tasks.size()).boxed().toList(), tasks.size());
    spark.setJobDescription("tune: trials " + wave.stream().map(a -> a.trialId() + " (epochs " + (a.fromEpoch() + 1)
        + "-" + a.toEpoch() + ")").toList());
    List<SegmentOutcome> outcomes = data.cartesian(indices)
        .map((Tuple2<WorkerShard[], Integer> pair) -> tasks.get(pair._2())
            .run(pair._1()[0], pair._1()[1], foldOf == null ? null : foldOf.value(), conf))
        .collect();
    List<SegmentOutcome> byTask = new ArrayList<>(outcomes);
    byTask.sort(Comparator.comparingInt(SegmentOutcome::task));
    List<SegmentRecord> records = new ArrayList<>();
    for (int a = 0; a < wave.size(); a++) {
      records.add(record(wave.get(a), byTask.subList(a * folds, (a + 1) * folds)));
    }
    return records;
  }

  private SegmentRecord record(Assignment assignment, List<SegmentOutcome> folds) {
    String failure = folds.stream().map(SegmentOutcome::failure).filter(f -> f != null).findFirst().orElse(null);
    int trained = folds.stream().mapToInt(o -> o.evaluations().length).min().orElse(0);
    List<EpochMetrics> epochMetrics = new ArrayList<>();
    for (int e = 0; e < trained; e++) {
      List<Map<String, Double>> perFold = new ArrayList<>();
      for (SegmentOutcome outcome : folds) {
        Evaluation evaluation = outcome.evaluations()[e];
        perFold.add(TrialMetrics.of(evaluation, outcome.trainLosses()[e]));
      }
      epochMetrics.add(new EpochMetrics(assignment.fromEpoch() + e + 1, MetricStats.summarize(perFold), perFold));
    }
    double score = Double.NaN;
    if (failure == null && !epochMetrics.isEmpty()) {
      Map<String, MetricStats> last = epochMetrics.get(epochMetrics.size() - 1).metrics();
      String key = TrialMetrics.key(spec.metric(), last);
      if (key == null) {
        throw new ConfigException("tune.metric " + spec.metric() + " is not among the metrics of a trial: "
            + String.join(", ", last.keySet()));
      }
      score = last.get(key).mean();
    }
    long start = folds.stream().mapToLong(SegmentOutcome::startMillis).min().orElse(0);
    long end = folds.stream().mapToLong(SegmentOutcome::endMillis).max().orElse(0);
    return new SegmentRecord(assignment.trialId(), assignment.values(), assignment.fromEpoch(),
        assignment.toEpoch(), epochMetrics, score, failure, start, end);
  }

  private static void report(TrialScheduler scheduler, Map<Integer, Trial> trials, List<SegmentRecord> wave) {
    List<SegmentRecord> ordered = new ArrayList<>(wave);
    ordered.sort(Comparator.comparingInt(SegmentRecord::trialId));
    for (SegmentRecord record : ordered) {
      trials.computeIfAbsent(record.trialId(), id -> new Trial(id, record.values())).add(record);
      scheduler.report(record.trialId(), record.toEpoch(), record.score());
    }
  }

  private static List<TrialRecord> records(TrialScheduler scheduler, Map<Integer, Trial> trials) {
    Map<Integer, TrialStatus> statuses = scheduler.statuses();
    List<TrialRecord> records = new ArrayList<>();
    for (Trial trial : trials.values()) {
      TrialStatus status = statuses.getOrDefault(trial.id, TrialStatus.RUNNING);
      records.add(new TrialRecord(trial.id, trial.values, status, trial.epochs, trial.score, trial.failure,
          trial.start, trial.end, trial.seconds));
    }
    return records;
  }

  private int[] folds(ShardedDataset training) {
    List<float[]> labels = training.shards().map(shard -> shard.slice(0, shard.count()).labels()).collect();
    float[] all = labels.get(0);
    if (training.shape().classification()) {
      int[] classes = new int[all.length];
      for (int i = 0; i < all.length; i++) {
        classes[i] = (int) all[i];
      }
      return Folds.stratified(classes, spec.folds(), spec.seed());
    }
    return Folds.plain(all.length, spec.folds(), spec.seed());
  }

  private String stateDir(int trialId, int fold) {
    String trial = String.format(Locale.ROOT, "trials/trial-%04d", trialId);
    return new Path(new Path(outputDir), fold < 0 ? trial : trial + "/fold-" + fold).toString();
  }

  /** What the runner gathers about one trial. */
  private static final class Trial {
    final int id;
    final Map<String, Object> values;
    final List<EpochMetrics> epochs = new ArrayList<>();
    double score = Double.NaN;
    String failure;
    long start = Long.MAX_VALUE;
    long end;
    double seconds;

    Trial(int id, Map<String, Object> values) {
      this.id = id;
      this.values = new LinkedHashMap<>(values);
    }

    void add(SegmentRecord segment) {
      epochs.addAll(segment.epochs());
      score = segment.score();
      failure = segment.failure();
      start = Math.min(start, segment.startMillis());
      end = Math.max(end, segment.endMillis());
      seconds += (segment.endMillis() - segment.startMillis()) / 1000.0;
    }
  }
}
