package io.sparktrain.jobs.bench;

import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.train.TrainingMaster;
import io.sparktrain.driver.train.TrainingMasters;
import io.sparktrain.driver.train.TrainingListener;
import io.sparktrain.driver.train.TrainingSpec;
import io.sparktrain.driver.train.Transport;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.config.ScheduleSpec;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.ps.shard.Compression;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * SparkTrain's synchronous gradient averaging on {@link Workload#SPARK_MASTER} over a given
 * transport: the data is read by the executors into cached shards (untimed), then the transport's
 * {@link TrainingMaster} trains with {@link Workload#WORKERS} workers of {@link
 * Workload#BATCH_PER_WORKER} examples per step and one ND4J thread per worker. Its listener reports
 * each epoch's training time; the evaluation time is the rest of the wall-clock time between two
 * epoch reports.
 */
final class SparkTrainRunner implements SystemRunner {
  private final Transport transport;

  /** @param transport {@code driver} or {@code sharded-ps} */
  SparkTrainRunner(Transport transport) {
    this.transport = transport;
  }

  @Override
  public TrainingRun run(Workload workload, Consumer<EpochResult> onEpoch) {
    long started = System.nanoTime();
    JavaSparkContext spark = LocalSpark.start("benchmark-sparktrain");
    try {
      var loader = new DatasetLoader(spark, workload.dataSpec(), Workload.WORKERS, Workload.BATCH_PER_WORKER);
      ShardedDataset train = loader.loadTraining();
      ShardedDataset test = loader.loadTest(train.schema());
      TrainingMaster master = TrainingMasters.create(spark, recipe(workload.seed()),
          TrainingSpec.syncGradient(Workload.BATCH_PER_WORKER, workload.epochs()).withTransport(transport,
              Compression.NONE), EvaluationSpec.NONE, true, 1);
      double setupSeconds = (System.nanoTime() - started) / 1e9;
      Recorder recorder = new Recorder(onEpoch, System.nanoTime());
      master.fit(train, null, test, recorder);
      return new TrainingRun("SparkTrain " + master.getClass().getSimpleName() + ", " + Workload.SPARK_MASTER + ", "
          + Workload.WORKERS + " workers x " + Workload.BATCH_PER_WORKER + ", 1 ND4J thread per worker, "
          + "data cached as shards by DatasetLoader", (int) train.count(), (int) test.count(), setupSeconds,
          recorder.epochs);
    } finally {
      spark.stop();
    }
  }

  /** The workload's MLP and optimizer as a SparkTrain recipe. */
  static TrainingRecipe recipe(long seed) {
    ModelSpec model = new ModelSpec(Initialization.HE, List.of(
        LayerSpec.dense(Workload.HIDDEN_UNITS, Activation.RELU),
        LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    return new TrainingRecipe(model, OptimizerSpec.of(OptimizerType.ADAM, Workload.LEARNING_RATE),
        ScheduleSpec.fixed(), RegularizationSpec.NONE, seed);
  }

  /** Turns epoch reports into results; runs on the driver's training thread. */
  private static final class Recorder implements TrainingListener {
    private final Consumer<EpochResult> onEpoch;
    private final List<EpochResult> epochs = new ArrayList<>();
    private long last;

    /** @param start when training starts, in {@link System#nanoTime()} units */
    Recorder(Consumer<EpochResult> onEpoch, long start) {
      this.onEpoch = onEpoch;
      this.last = start;
    }

    @Override
    public void onEpoch(EpochReport report) {
      long now = System.nanoTime();
      double sinceLast = (now - last) / 1e9;
      last = now;
      long examples = Math.round(report.samplesPerSecond() * report.trainSeconds());
      EpochResult result = new EpochResult(report.epoch() + 1, report.trainSeconds(), examples,
          report.test().confusion().accuracy(), Math.max(0, sinceLast - report.trainSeconds()));
      epochs.add(result);
      onEpoch.accept(result);
    }
  }
}
