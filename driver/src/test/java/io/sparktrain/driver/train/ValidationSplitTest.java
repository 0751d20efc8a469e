package io.sparktrain.driver.train;

import static io.sparktrain.driver.train.DeterminismContractTest.assertRelativelyClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.sparktrain.driver.TestSpark;
import io.sparktrain.driver.data.CsvFiles;
import io.sparktrain.driver.data.DataFormat;
import io.sparktrain.driver.data.DataSpec;
import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.Normalization;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.data.TrainingSplit;
import io.sparktrain.driver.data.WorkerShard;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.config.ScheduleSpec;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.Examples;
import io.sparktrain.kernels.train.ReferenceTrainer;
import io.sparktrain.kernels.train.Seeds;
import io.sparktrain.kernels.train.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongToIntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The validation split (seeded, independent of the worker count, training examples renumbered in
 * input order), early stopping on it, and full-batch gradient descent, each against the
 * single-machine reference trainer on the examples left for training.
 */
class ValidationSplitTest {
  private static final int EXAMPLES = 203;
  private static final int WIDTH = 6;
  private static final int CLASSES = 3;
  private static final int BATCH_PER_WORKER = 8;
  private static final long SEED = 5;
  private static final double FRACTION = 0.3;
  private static final ModelSpec DROPPING = new ModelSpec(Initialization.XAVIER, List.of(
      LayerSpec.dense(10, Activation.TANH).withDropout(0.2),
      LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
  private static final TrainingRecipe RECIPE = new TrainingRecipe(DROPPING, OptimizerSpec.of(OptimizerType.ADAM, 0.01),
      ScheduleSpec.fixed(), RegularizationSpec.NONE, SEED);

  @TempDir
  static Path dir;
  private static Examples data;
  private static Path csv;

  @BeforeAll
  static void writeData() throws Exception {
    data = SyntheticData.classification(EXAMPLES, WIDTH, CLASSES, 29);
    csv = CsvFiles.write(data, dir.resolve("train.csv"));
  }

  @Test
  void theHeldOutExamplesFollowTheSeedWhateverTheWorkersAndTrainingKeepsInputOrder() {
    Examples expectedTraining = part(data, false);
    Examples expectedValidation = part(data, true);
    assertThat(expectedValidation.count()).isBetween(40, 80);

    for (int workers : new int[] {1, 2, 4}) {
      TrainingSplit split = loader(CsvFiles.spec(csv, CLASSES, false).withValidationFraction(FRACTION), workers,
          n -> BATCH_PER_WORKER).loadTrainingSplit(null, SEED);
      try {
        assertSameExamples(inIdOrder(split.training()), expectedTraining, "training, " + workers + " workers");
        assertSameExamples(inIdOrder(split.validation()), expectedValidation, "validation, " + workers + " workers");
      } finally {
        split.release();
      }
    }
  }

  @Test
  void trainingOnTheSplitEqualsTheReferenceTrainerOnTheRemainingExamplesFor2And4Workers() {
    Examples remaining = part(data, false);
    for (int workers : new int[] {2, 4}) {
      float[] reference = new ReferenceTrainer(RECIPE, NetworkShape.classifier(WIDTH, CLASSES))
          .train(remaining, workers * BATCH_PER_WORKER, 2).parameters();

      float[] distributed = trainOnSplit(csv, CLASSES, RECIPE, TrainingSpec.syncGradient(BATCH_PER_WORKER, 2),
          workers, new ArrayList<>()).parameters();

      assertRelativelyClose(distributed, reference, 1e-5, "dropout on the training split, " + workers + " workers");
    }
  }

  @Test
  void theNormalizationIsFittedOnTheTrainingPartOnly() {
    DataSpec spec = new DataSpec(csv.toString(), null, DataFormat.CSV, "0", false, CLASSES, Normalization.STANDARDIZE,
        false, FRACTION);
    TrainingSplit split = loader(spec, 2, n -> BATCH_PER_WORKER).loadTrainingSplit(null, SEED);
    try {
      Examples training = inIdOrder(split.training());
      Examples raw = part(data, false);
      for (int f = 0; f < WIDTH; f++) {
        double mean = 0;
        double squares = 0;
        for (int i = 0; i < raw.count(); i++) {
          mean += raw.features()[i * WIDTH + f];
        }
        mean /= raw.count();
        for (int i = 0; i < raw.count(); i++) {
          squares += Math.pow(raw.features()[i * WIDTH + f] - mean, 2);
        }
        double std = Math.sqrt(squares / raw.count());
        for (int i = 0; i < raw.count(); i++) {
          assertThat((double) training.features()[i * WIDTH + f])
              .isCloseTo((raw.features()[i * WIDTH + f] - mean) / std, offset(1e-4));
        }
      }
    } finally {
      split.release();
    }
  }

  @Test
  void aFractionThatLeavesNoValidationOrNoTrainingExampleIsRejectedNamingTheKey() throws Exception {
    Path small = Files.write(dir.resolve("small.csv"), List.of("0,1", "1,2", "0,3"));
    for (double fraction : new double[] {1e-12, 1 - 1e-12}) {
      DataSpec spec = CsvFiles.spec(small, 2, false).withValidationFraction(fraction);

      assertThatThrownBy(() -> loader(spec, 2, n -> 1).loadTrainingSplit(null, SEED))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("data.validation-fraction " + fraction + " leaves")
          .hasMessageContaining("of the 3 in " + small);
    }
  }

  @Test
  void earlyStoppingEndsAtTheRightEpochWithExactlyTheBestEpochsParameters() throws Exception {
    Path regression = writeRegression(dir.resolve("regression.csv"));
    Examples all = readRegression(regression);
    ModelSpec linear = new ModelSpec(Initialization.XAVIER, List.of(
        LayerSpec.output(Activation.IDENTITY, LossFunction.MSE)));
    TrainingRecipe recipe = new TrainingRecipe(linear, OptimizerSpec.of(OptimizerType.SGD, 0.01), ScheduleSpec.fixed(),
        RegularizationSpec.NONE, SEED);
    int patience = 2;
    TrainingSpec stopping = TrainingSpec.syncGradient(BATCH_PER_WORKER, 30)
        .withEarlyStopping(new EarlyStoppingSpec(StoppingMetric.LOSS, patience, 1e-4));

    List<Double> losses = new ArrayList<>();
    TrainingResult stopped = trainOnSplit(regression, 0, recipe, stopping, 2, losses);

    int best = stopped.bestEpoch();
    assertThat(stopped.stoppedEarly()).isTrue();
    assertThat(best).as("validation loss first falls, then rises").isGreaterThanOrEqualTo(2);
    assertThat(stopped.epochs()).isEqualTo(best + 1 + patience).isEqualTo(losses.size());
    for (int epoch = 0; epoch < losses.size(); epoch++) {
      if (epoch != best) {
        assertThat(losses.get(epoch)).as("epoch %d", epoch).isGreaterThan(losses.get(best) - 1e-4);
      }
    }
    for (int epoch = 1; epoch <= best; epoch++) {
      assertThat(losses.get(epoch)).as("epoch %d improves", epoch).isLessThan(losses.get(epoch - 1));
    }
    assertThat(stopped.validation().loss()).isEqualTo(losses.get(best));

    TrainingResult shorter = trainOnSplit(regression, 0, recipe, TrainingSpec.syncGradient(BATCH_PER_WORKER, best + 1),
        2, new ArrayList<>());
    assertThat(stopped.steps()).isEqualTo(shorter.steps() / (best + 1) * stopped.epochs());
    assertThat(stopped.parameters()).containsExactly(shorter.parameters());
    assertThat(shorter.bestEpoch()).isEqualTo(best);
    assertThat(shorter.stoppedEarly()).isFalse();
    float[] reference = new ReferenceTrainer(recipe, NetworkShape.regressor(WIDTH))
        .train(part(all, false), 2 * BATCH_PER_WORKER, best + 1).parameters();
    assertRelativelyClose(stopped.parameters(), reference, 1e-5, "best epoch against the reference trainer");
  }

  @Test
  void earlyStoppingWithoutAValidationSplitIsRejected() {
    TrainingSpec stopping = TrainingSpec.syncGradient(BATCH_PER_WORKER, 3)
        .withEarlyStopping(new EarlyStoppingSpec(StoppingMetric.LOSS, 1, 0));
    ShardedDataset shards = loader(CsvFiles.spec(csv, CLASSES, false), 2, n -> BATCH_PER_WORKER).loadTraining();
    try {
      assertThatThrownBy(() -> new SyncGradientTrainingMaster(TestSpark.get(), RECIPE, stopping, EvaluationSpec.NONE,
          false, 1).fit(shards, null, null, new TrainingListener() {}))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("training.early-stopping needs a validation split");
    } finally {
      shards.release();
    }
  }

  @Test
  void fullBatchOn2And4WorkersEqualsTheReferenceTrainerWithBatchNAndTakesOneStepPerEpoch() {
    int epochs = 3;
    TrainingSpec full = TrainingSpec.syncGradient(1, epochs).withBatchSize(BatchSize.full());
    for (int workers : new int[] {2, 4}) {
      float[] reference = new ReferenceTrainer(RECIPE, NetworkShape.classifier(WIDTH, CLASSES))
          .train(data, EXAMPLES, epochs).parameters();
      int w = workers;
      ShardedDataset shards = loader(CsvFiles.spec(csv, CLASSES, false), workers,
          n -> BatchSize.full().examplesPerWorker(w, n)).loadTraining();
      try {
        int b = (EXAMPLES + workers - 1) / workers;
        long[] counts = new long[workers];
        Arrays.fill(counts, b);
        counts[workers - 1] = EXAMPLES - (long) b * (workers - 1);
        assertThat(shards.countsPerWorker()).as("worker k holds [k*b, (k+1)*b)").containsExactly(counts);

        TrainingResult distributed = new SyncGradientTrainingMaster(TestSpark.get(), RECIPE, full, EvaluationSpec.NONE,
            false, 1).fit(shards, null, null, new TrainingListener() {});

        assertThat(distributed.steps()).isEqualTo(epochs);
        assertRelativelyClose(distributed.parameters(), reference, 1e-5, "full batch, " + workers + " workers");
      } finally {
        shards.release();
      }
    }
  }

  @Test
  void fullBatchOnTheTrainingSplitUsesTheRemainingExampleCount() {
    Examples remaining = part(data, false);
    TrainingSpec full = TrainingSpec.syncGradient(1, 2).withBatchSize(BatchSize.full());
    float[] reference = new ReferenceTrainer(RECIPE, NetworkShape.classifier(WIDTH, CLASSES))
        .train(remaining, remaining.count(), 2).parameters();

    TrainingResult distributed = trainOnSplit(csv, CLASSES, RECIPE, full, 4, new ArrayList<>());

    assertThat(distributed.steps()).isEqualTo(2);
    assertRelativelyClose(distributed.parameters(), reference, 1e-5, "full batch on the training split");
  }

  private static TrainingResult trainOnSplit(Path file, int classes, TrainingRecipe recipe, TrainingSpec training,
      int workers, List<Double> validationLosses) {
    TrainingSplit split = loader(CsvFiles.spec(file, classes, false).withValidationFraction(FRACTION), workers,
        n -> training.batchSize().examplesPerWorker(workers, n)).loadTrainingSplit(null, SEED);
    try {
      return new SyncGradientTrainingMaster(TestSpark.get(), recipe, training, EvaluationSpec.NONE, false, 1)
          .fit(split.training(), split.validation(), null, new TrainingListener() {
            @Override
            public void onEpoch(EpochReport report) {
              validationLosses.add(report.validation().loss());
            }
          });
    } finally {
      split.release();
    }
  }

  private static DatasetLoader loader(DataSpec spec, int workers, LongToIntFunction batchSize) {
    return new DatasetLoader(TestSpark.get(), spec, workers, batchSize);
  }

  private static void assertSameExamples(Examples actual, Examples expected, String what) {
    assertThat(actual.count()).as(what).isEqualTo(expected.count());
    assertThat(actual.labels()).as(what).containsExactly(expected.labels());
    assertThat(actual.features()).as(what).containsExactly(expected.features());
  }

  /** The examples at input positions the seed holds out (or keeps), in input order. */
  private static Examples part(Examples all, boolean heldOut) {
    List<Integer> chosen = new ArrayList<>();
    for (int i = 0; i < all.count(); i++) {
      if (Seeds.validation(SEED, i) < FRACTION == heldOut) {
        chosen.add(i);
      }
    }
    Batch batch = all.gather(chosen.stream().mapToInt(Integer::intValue).toArray(), 0, chosen.size());
    return new Examples(batch.features(), batch.labels(), batch.size(), batch.width());
  }

  /** A shard set's examples ordered by their ids, which must be 0..N-1. */
  private static Examples inIdOrder(ShardedDataset shards) {
    List<WorkerShard> all = shards.shards().collect();
    int count = (int) shards.count();
    int width = shards.shape().inputs();
    float[] features = new float[count * width];
    float[] labels = new float[count];
    boolean[] seen = new boolean[count];
    for (WorkerShard shard : all) {
      Batch batch = shard.slice(0, shard.count());
      for (int i = 0; i < batch.size(); i++) {
        int id = (int) batch.ids()[i];
        assertThat(seen[id]).as("id %d twice", id).isFalse();
        seen[id] = true;
        System.arraycopy(batch.features(), i * width, features, id * width, width);
        labels[id] = batch.labels()[i];
      }
    }
    return new Examples(features, labels, count, width);
  }

  /**
   * Targets {@code 3 * sum(x)} for the examples kept for training and half that for the held-out
   * ones: from a small initial model, the validation loss falls while the fit approaches the
   * half-size map, then rises as it goes on to the training map.
   */
  private static Path writeRegression(Path file) throws Exception {
    Random random = new Random(3);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < EXAMPLES; i++) {
      float[] x = new float[WIDTH];
      double target = 0;
      for (int j = 0; j < WIDTH; j++) {
        x[j] = (float) random.nextGaussian();
        target += 3 * x[j];
      }
      float label = (float) (Seeds.validation(SEED, i) < FRACTION ? target / 2 : target);
      StringBuilder line = new StringBuilder(Float.toString(label));
      for (float value : x) {
        line.append(',').append(value);
      }
      lines.add(line.toString());
    }
    return Files.write(file, lines);
  }

  private static Examples readRegression(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    float[] features = new float[lines.size() * WIDTH];
    float[] labels = new float[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",");
      labels[i] = Float.parseFloat(cells[0]);
      for (int j = 0; j < WIDTH; j++) {
        features[i * WIDTH + j] = Float.parseFloat(cells[j + 1]);
      }
    }
    return new Examples(features, labels, lines.size(), WIDTH);
  }
}
