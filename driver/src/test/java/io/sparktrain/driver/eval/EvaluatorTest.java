package io.sparktrain.driver.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparktrain.driver.TestSpark;
import io.sparktrain.driver.data.CsvFiles;
import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.eval.ConfusionMatrix;
import io.sparktrain.kernels.eval.RocAuc;
import io.sparktrain.kernels.eval.TopKAccuracy;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.model.NetworkKernel;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.Examples;
import io.sparktrain.kernels.train.SyntheticData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class EvaluatorTest {
  private static final ModelSpec MODEL = new ModelSpec(Initialization.XAVIER, List.of(
      LayerSpec.dense(6, Activation.TANH), LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
  private static final int WORKERS = 3;

  @Test
  void distributedEvaluationEqualsOneMachineOnTheSamePredictions(@TempDir Path dir) throws Exception {
    Examples data = SyntheticData.classification(301, 5, 4, 3);
    Path csv = CsvFiles.write(data, dir.resolve("eval.csv"));
    NetworkShape shape = NetworkShape.classifier(5, 4);
    float[] parameters = NetworkFactory.initialParameters(MODEL, shape, 8);
    ShardedDataset shards = new DatasetLoader(TestSpark.get(), CsvFiles.spec(csv, 4, false), WORKERS, 7).loadTraining();

    Evaluation distributed = new Evaluator(TestSpark.get(), MODEL, new EvaluationSpec(List.of(3, 1, 2)), 1)
        .evaluate(shards, parameters);

    NetworkKernel kernel = new NetworkKernel(MODEL, shape);
    Batch all = data.batch(0, data.count());
    float[] outputs = kernel.predict(parameters, all);
    ConfusionMatrix local = new ConfusionMatrix(4);
    local.recordOutputs(all.labels(), outputs);
    TopKAccuracy localTopK = new TopKAccuracy(4, 1, 2, 3);
    localTopK.recordOutputs(all.labels(), outputs);
    assertThat(distributed.count()).isEqualTo(301);
    assertThat(distributed.confusion().toArray()).isEqualTo(local.toArray());
    assertThat(distributed.confusion().f1Macro()).isEqualTo(local.f1Macro());
    assertThat(distributed.confusion().f1Micro()).isEqualTo(local.f1Micro());
    assertThat(distributed.loss()).isCloseTo(kernel.lossSum(parameters, all) / 301, within(1e-5));
    TopKAccuracy topK = distributed.topK().orElseThrow();
    assertThat(topK.ks()).containsExactly(1, 2, 3);
    for (int k = 1; k <= 3; k++) {
      assertThat(topK.accuracy(k)).as("top-%d", k).isEqualTo(localTopK.accuracy(k));
    }
    assertThat(topK.accuracy(1)).isLessThan(topK.accuracy(2)).isLessThan(topK.accuracy(3));
    assertThat(distributed.rocAuc()).as("AUC is for two classes only").isEmpty();
    shards.release();
  }

  @Test
  void distributedRocAucEqualsOneMachineOnTheSamePredictions(@TempDir Path dir) throws Exception {
    Examples data = SyntheticData.classification(401, 5, 2, 9);
    Path csv = CsvFiles.write(data, dir.resolve("binary.csv"));
    NetworkShape shape = NetworkShape.classifier(5, 2);
    float[] parameters = NetworkFactory.initialParameters(MODEL, shape, 4);
    ShardedDataset shards = new DatasetLoader(TestSpark.get(), CsvFiles.spec(csv, 2, false), WORKERS, 16).loadTraining();

    Evaluation distributed = new Evaluator(TestSpark.get(), MODEL, new EvaluationSpec(List.of(1)), 1)
        .evaluate(shards, parameters);

    Batch all = data.batch(0, data.count());
    float[] outputs = new NetworkKernel(MODEL, shape).predict(parameters, all);
    RocAuc local = new RocAuc();
    local.recordOutputs(all.labels(), outputs);
    double auc = distributed.rocAuc().orElseThrow().auc();
    assertThat(auc).isEqualTo(local.auc());
    assertThat(auc).isCloseTo(pairwiseAuc(all.labels(), outputs), within(1e-12));
    assertThat(auc).as("an untrained network still ranks some pairs each way").isStrictlyBetween(0.0, 1.0);
    assertThat(distributed.topK().orElseThrow().accuracy(1)).isEqualTo(distributed.confusion().accuracy());
    shards.release();
  }

  @Test
  void evaluationsOfPartsMergeIntoTheEvaluationOfTheWhole() {
    Examples data = SyntheticData.classification(90, 3, 2, 1);
    float[] outputs = new float[2 * data.count()];
    for (int i = 0; i < data.count(); i++) {
      float score = Math.round(data.features()[3 * i] * 4) / 8f + 0.5f;
      outputs[2 * i] = 1 - score;
      outputs[2 * i + 1] = score;
    }
    EvaluationSpec spec = new EvaluationSpec(List.of(1));
    Evaluation whole = new Evaluation(2, spec);
    whole.record(data.labels(), outputs, 9.0);
    Evaluation merged = new Evaluation(2, spec);
    int[] cuts = {0, 10, 55, 90};
    for (int part = 0; part < 3; part++) {
      Evaluation piece = new Evaluation(2, spec);
      piece.record(Arrays.copyOfRange(data.labels(), cuts[part], cuts[part + 1]),
          Arrays.copyOfRange(outputs, 2 * cuts[part], 2 * cuts[part + 1]), 3.0);
      merged.add(piece);
    }

    assertThat(merged.count()).isEqualTo(90);
    assertThat(merged.loss()).isEqualTo(whole.loss());
    assertThat(merged.confusion().toArray()).isEqualTo(whole.confusion().toArray());
    assertThat(merged.topK().orElseThrow().accuracy(1)).isEqualTo(whole.topK().orElseThrow().accuracy(1));
    assertThat(merged.rocAuc().orElseThrow().auc()).isEqualTo(whole.rocAuc().orElseThrow().auc())
        .isCloseTo(pairwiseAuc(data.labels(), outputs), within(1e-12));
  }

  @Test
  void topKMustFitTheTask() {
    assertThatThrownBy(() -> new Evaluation(3, new EvaluationSpec(List.of(1, 3))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("must be < data.classes (3), got 3");
    assertThatThrownBy(() -> new Evaluation(0, new EvaluationSpec(List.of(1))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("classification only");
    assertThat(EvaluationSpec.defaults(10).topK()).containsExactly(1, 5);
    assertThat(EvaluationSpec.defaults(9).topK()).isEmpty();
  }

  /** AUC by its definition: the fraction of (positive, negative) pairs ranked right, ties counting 1/2. */
  private static double pairwiseAuc(float[] labels, float[] outputs) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < labels.length; i++) {
      for (int j = 0; j < labels.length; j++) {
        if (labels[i] == 1 && labels[j] == 0) {
          float positive = outputs[2 * i + 1];
          float negative = outputs[2 * j + 1];
          wins += positive > negative ? 1 : positive == negative ? 0.5 : 0;
          pairs++;
        }
      }
    }
    return wins / pairs;
  }
}
