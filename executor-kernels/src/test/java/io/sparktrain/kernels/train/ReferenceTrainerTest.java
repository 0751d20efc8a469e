package io.sparktrain.kernels.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.config.ScheduleSpec;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkShape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class ReferenceTrainerTest {

  @Test
  void adamLowersTheLossOnLearnableData() {
    ModelSpec model = new ModelSpec(Initialization.HE, List.of(
        LayerSpec.dense(16, Activation.RELU), LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    TrainingRecipe recipe = new TrainingRecipe(model, OptimizerSpec.of(OptimizerType.ADAM, 0.01),
        ScheduleSpec.fixed(), RegularizationSpec.NONE, 1);
    Examples data = SyntheticData.classification(512, 8, 3, 2);

    List<Double> losses = new ReferenceTrainer(recipe, NetworkShape.classifier(8, 3))
        .train(data, 32, 5).stepLosses();

    double first = losses.subList(0, 16).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double last = losses.subList(losses.size() - 16, losses.size()).stream()
        .mapToDouble(Double::doubleValue).average().orElseThrow();
    assertThat(losses).hasSize(5 * 16);
    assertThat(last).isLessThan(0.5 * first);
  }
}
