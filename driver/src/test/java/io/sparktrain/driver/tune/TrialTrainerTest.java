package io.sparktrain.driver.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.driver.TestSpark;
import io.sparktrain.driver.checkpoint.Checkpoint;
import io.sparktrain.driver.checkpoint.CheckpointStore;
import io.sparktrain.driver.data.CsvFiles;
import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.data.WorkerShard;
import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.eval.Evaluator;
import io.sparktrain.driver.train.TrainingListener;
import io.sparktrain.driver.train.TrainingMasters;
import io.sparktrain.driver.train.TrainingResult;
import io.sparktrain.driver.train.TrainingSpec;
import io.sparktrain.driver.train.TrainingState;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.config.ScheduleSpec;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.train.SyntheticData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The oracle of a one-worker trial: trained by {@link TrialTrainer} in two segments, with its state
 * saved and read back through the checkpoint format in between, it ends with the parameters and the
 * evaluation of {@code train} with one worker (the sync-gradient master), with shuffling, dropout
 * and a warmup-cosine schedule that spans all epochs.
 */
class TrialTrainerTest {
  private static final int CLASSES = 3;
  private static final int BATCH = 16;
  private static final int EPOCHS = 3;
  private static final ModelSpec MODEL = new ModelSpec(Initialization.XAVIER, List.of(
      LayerSpec.dense(10, Activation.TANH).withDropout(0.2),
      LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
  private static final TrainingRecipe RECIPE = new TrainingRecipe(MODEL, OptimizerSpec.of(OptimizerType.ADAM, 0.01),
      ScheduleSpec.cosine(1e-4).withWarmup(4, 0.1), RegularizationSpec.penalties(0, 1e-3), 11);

  @TempDir
  Path dir;

  @Test
  void aTrialTrainedInSegmentsEqualsTrainWithOneWorker() throws Exception {
    Path csv = CsvFiles.write(SyntheticData.classification(157, 6, CLASSES, 5), dir.resolve("train.csv"));
    ShardedDataset data = new DatasetLoader(TestSpark.get(), CsvFiles.spec(csv, CLASSES, true), 1, BATCH)
        .loadTraining();
    try {
      TrainingResult expected = TrainingMasters.create(TestSpark.get(), RECIPE,
          TrainingSpec.syncGradient(BATCH, EPOCHS), EvaluationSpec.NONE, true, 1)
          .fit(data, null, null, new TrainingListener() {});
      Evaluation expectedEvaluation = new Evaluator(TestSpark.get(), MODEL, EvaluationSpec.NONE, 1)
          .evaluate(data, expected.parameters());
      WorkerShard shard = data.shards().collect().get(0);
      TrialTrainer trainer = new TrialTrainer(RECIPE, data.shape(), BATCH, EPOCHS, true, EvaluationSpec.NONE, 1);

      TrainingState start = TrainingState.start(NetworkFactory.initialParameters(MODEL, data.shape(), RECIPE.seed()));
      TrialTrainer.Segment first = trainer.train(shard, shard, start, 1);
      CheckpointStore store = new CheckpointStore(dir.resolve("state").toString(), new Configuration());
      String path = store.write(new Checkpoint(first.state(), RECIPE.seed(), "trial: 0\n", Map.of(), ""), 2);
      TrialTrainer.Segment second = trainer.train(shard, shard, store.read(path).state(), EPOCHS);

      assertThat(first.evaluations()).hasSize(1);
      assertThat(second.evaluations()).hasSize(2);
      assertThat(second.failure()).isNull();
      assertThat(second.state().step()).isEqualTo(expected.steps()).isEqualTo(EPOCHS * 10L);
      float[] actual = second.state().parameters();
      float[] oracle = expected.parameters();
      assertThat(actual).hasSameSizeAs(oracle);
      double scale = 0;
      for (float value : oracle) {
        scale = Math.max(scale, Math.abs(value));
      }
      for (int i = 0; i < oracle.length; i++) {
        assertThat((double) actual[i]).as("parameter %d, trial vs train with 1 worker", i)
            .isCloseTo(oracle[i], org.assertj.core.data.Offset.offset(1e-5 * scale));
      }
      assertThat(second.state().parameters()).isNotEqualTo(start.parameters());
      Evaluation last = second.evaluations().get(1);
      assertThat(last.count()).isEqualTo(157);
      assertThat(last.loss()).isCloseTo(expectedEvaluation.loss(), org.assertj.core.data.Offset.offset(1e-5));
      assertThat(last.confusion().accuracy()).isEqualTo(expectedEvaluation.confusion().accuracy());
    } finally {
      data.release();
    }
  }
}
