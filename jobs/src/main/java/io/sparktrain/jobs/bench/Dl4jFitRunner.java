package io.sparktrain.jobs.bench;

import io.sparktrain.kernels.train.Seeds;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Plain DL4J on one machine: {@link MultiLayerNetwork#fit} over an iterator of mini-batches of
 * the global batch size, in an order reshuffled every epoch (the per-epoch gather is timed, as
 * SparkTrain's is). ND4J's thread count is whatever the process environment makes it.
 */
final class Dl4jFitRunner implements SystemRunner {
  private static final int EVAL_BATCH = 1000;

  @Override
  public TrainingRun run(Workload workload, Consumer<EpochResult> onEpoch) {
    long started = System.nanoTime();
    LocalData data = LocalData.load(workload);
    MultiLayerNetwork network = new MultiLayerNetwork(Dl4jMlp.configuration(data.train().width(), workload.seed()));
    network.init();
    List<DataSet> test = Dl4jMlp.batches(data.test(), EVAL_BATCH);
    EpochLoop.Epoch work = new EpochLoop.Epoch() {
      @Override
      public void train(int epoch) {
        int[] order = permutation(data.train().count(), new Random(Seeds.shuffle(workload.seed(), epoch, 0)));
        network.fit(Dl4jMlp.iterator(Dl4jMlp.batches(data.train(), order, Workload.GLOBAL_BATCH)));
      }

      @Override
      public double testAccuracy() {
        return network.evaluate(Dl4jMlp.iterator(test)).accuracy();
      }
    };
    double setupSeconds = (System.nanoTime() - started) / 1e9;
    var epochs = new EpochLoop(System::nanoTime).run(work, workload.epochs(), data.train().count(), onEpoch);
    return new TrainingRun("DL4J MultiLayerNetwork.fit(DataSetIterator), batch " + Workload.GLOBAL_BATCH
        + ", one JVM", data.train().count(), data.test().count(), setupSeconds, epochs);
  }

  private static int[] permutation(int count, Random random) {
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
