package io.sparktrain.driver.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparktrain.driver.TestSpark;
import io.sparktrain.driver.data.CsvFiles;
import io.sparktrain.driver.data.DatasetLoader;
import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.eval.ConfusionMatrix;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.model.NetworkKernel;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.Examples;
import io.sparktrain.kernels.train.SyntheticData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class EvaluatorTest {
  private static final ModelSpec MODEL = new ModelSpec(Initialization.XAVIER, List.of(
      LayerSpec.dense(6, Activation.TANH), LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));

  @Test
  void distributedEvaluationEqualsOneMachineOnTheSamePredictions(@TempDir Path dir) throws Exception {
    Examples data = SyntheticData.classification(301, 5, 4, 3);
    Path csv = CsvFiles.write(data, dir.resolve("eval.csv"));
    NetworkShape shape = NetworkShape.classifier(5, 4);
    float[] parameters = NetworkFactory.initialParameters(MODEL, shape, 8);
    ShardedDataset shards = new DatasetLoader(TestSpark.get(), CsvFiles.spec(csv, 4, false), 3, 7).loadTraining();

    Evaluation distributed = new Evaluator(TestSpark.get(), MODEL, 1).evaluate(shards, parameters);

    NetworkKernel kernel = new NetworkKernel(MODEL, shape);
    Batch all = data.batch(0, data.count());
    ConfusionMatrix local = new ConfusionMatrix(4);
    local.recordOutputs(all.labels(), kernel.predict(parameters, all));
    assertThat(distributed.count()).isEqualTo(301);
    assertThat(distributed.confusion().toArray()).isEqualTo(local.toArray());
    assertThat(distributed.confusion().f1Macro()).isEqualTo(local.f1Macro());
    assertThat(distributed.loss()).isCloseTo(kernel.lossSum(parameters, all) / 301, within(1e-5));
    shards.release();
  }
}
