package io.sparktrain.jobs.bench;

import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.FeatureScaling;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.data.WorkerShard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.data.BatchAndExportDataSetsFunction;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.kryo.Nd4jRegistrator;
import org.nd4j.linalg.dataset.DataSet;

/**
 * dl4j-spark's {@link ParameterAveragingTrainingMaster} on {@link Workload#SPARK_MASTER}, with
 * {@link Workload#BATCH_PER_WORKER} examples per worker step, Adam's state averaged along with
 * the parameters ({@code saveUpdater(true)}; M2 defaults to false and would restart Adam every
 * round) and no prefetching.
 *
 * <p>Data takes dl4j-spark's own fastest path, prepared before the clock starts: the executors
 * read the IDX files into SparkTrain's cached shards (so the features are the ones SparkTrain
 * trains on), cut them into DataSets and save them with dl4j-spark's
 * {@link BatchAndExportDataSetsFunction}, which is what its default {@code Export} approach does
 * inside the first {@code fit}; each epoch is then one {@link SparkDl4jMultiLayer#fitPaths} over
 * the saved files. Nothing large is parallelized from the driver.
 */
final class Dl4jSparkRunner implements SystemRunner {
  private static final int EVAL_BATCH = 1000;
  private final int averagingFrequency;
  private final Path scratch;

  /**
   * @param averagingFrequency worker steps between two parameter averagings, &gt;= 1
   * @param scratch a folder for the exported DataSets; created, and deleted after the run
   */
  Dl4jSparkRunner(int averagingFrequency, Path scratch) {
    this.averagingFrequency = averagingFrequency;
    this.scratch = scratch;
  }

  @Override
  public TrainingRun run(Workload workload, Consumer<EpochResult> onEpoch) {
    long started = System.nanoTime();
    JavaSparkContext spark = LocalSpark.start("benchmark-dl4j-spark-f" + averagingFrequency, Nd4jRegistrator.class);
    try {
      ShardedDataset shards = new DatasetLoader(spark, workload.dataSpec(), Workload.WORKERS,
          Workload.BATCH_PER_WORKER).loadTraining();
      LocalData local = LocalData.load(workload);
      requireSameScaling(shards.scaling(), local.scaling());
      JavaRDD<String> paths = export(spark, shards);
      shards.release();
      var master = new ParameterAveragingTrainingMaster.Builder(Workload.BATCH_PER_WORKER)
          .batchSizePerWorker(Workload.BATCH_PER_WORKER)
          .averagingFrequency(averagingFrequency)
          .workerPrefetchNumBatches(0)
          .saveUpdater(true)
          .rngSeed(workload.seed())
          .build();
      var network = new SparkDl4jMultiLayer(spark, Dl4jMlp.configuration(local.train().width(), workload.seed()),
          master);
      List<DataSet> test = Dl4jMlp.batches(local.test(), EVAL_BATCH);
      EpochLoop.Epoch work = new EpochLoop.Epoch() {
        @Override
        public void train(int epoch) {
          network.fitPaths(paths);
        }

        @Override
        public double testAccuracy() {
          return network.getNetwork().evaluate(Dl4jMlp.iterator(test)).accuracy();
        }
      };
      double setupSeconds = (System.nanoTime() - started) / 1e9;
      var epochs = new EpochLoop(System::nanoTime).run(work, workload.epochs(), local.train().count(), onEpoch);
      return new TrainingRun("dl4j-spark ParameterAveragingTrainingMaster, " + Workload.SPARK_MASTER + ", "
          + Workload.WORKERS + " workers x " + Workload.BATCH_PER_WORKER + ", averaging frequency "
          + averagingFrequency + ", saveUpdater true, prefetch 0; fitPaths over DataSets exported before timing",
          local.train().count(), local.test().count(), setupSeconds, epochs);
    } finally {
      spark.stop();
      deleteScratch();
    }
  }

  /** Cuts the cached shards into DataSets on the executors and saves them; returns their paths. */
  private JavaRDD<String> export(JavaSparkContext spark, ShardedDataset shards) {
    int batch = Workload.BATCH_PER_WORKER;
    String directory = scratch.toAbsolutePath().toUri().toString();
    List<String> files = shards.shards()
        .flatMap(shard -> minibatches(shard, batch).iterator())
        .mapPartitionsWithIndex(new BatchAndExportDataSetsFunction(batch, directory), true)
        .collect();
    return spark.parallelize(files, Workload.WORKERS).cache();
  }

  private static List<DataSet> minibatches(WorkerShard shard, int batch) {
    List<DataSet> batches = new ArrayList<>();
    for (int from = 0; from < shard.count(); from += batch) {
      batches.add(Dl4jMlp.toDataSet(shard.slice(from, Math.min(shard.count(), from + batch))));
    }
    return batches;
  }

  private static void requireSameScaling(FeatureScaling spark, FeatureScaling local) {
    if (!Arrays.equals(spark.offset(), local.offset()) || !Arrays.equals(spark.scale(), local.scale())) {
      throw new IllegalStateException("the scaling fitted by SparkTrain's loader differs from the local one;"
          + " training and test features would not match");
    }
  }

  private void deleteScratch() {
    if (!Files.exists(scratch)) {
      return;
    }
    try (Stream<Path> files = Files.walk(scratch)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the exported DataSets in " + scratch, e);
    }
  }
}
