package io.sparktrain.kernels.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.kernels.config.ImageShape;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.model.ParameterLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class FrozenLayersTest {
  /** conv (4*9+4 = 40), pool (none), dense (4*4*4*6+6 = 390), output (6*3+3 = 21). */
  private static final ModelSpec MODEL = new ModelSpec(Initialization.HE, new ImageShape(8, 8, 1), List.of(
      new LayerSpec.Convolution(4, LayerSpec.Window.square(3), LayerSpec.Window.square(1), LayerSpec.Window.square(1),
          Activation.RELU, 0),
      new LayerSpec.Subsampling(LayerSpec.Pooling.MAX, LayerSpec.Window.square(2), LayerSpec.Window.square(2),
          LayerSpec.Window.square(0)),
      LayerSpec.dense(6, Activation.RELU),
      LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
  private static final NetworkShape SHAPE = NetworkShape.classifier(64, 3);

  @ParameterizedTest
  @EnumSource(OptimizerType.class)
  void frozenLayersStayBitwiseUnchangedAndTheRestTrains(OptimizerType type) {
    ParameterLayout layout = ParameterLayout.of(NetworkFactory.build(MODEL, SHAPE, 1));
    assertThat(layout.layerStarts()).containsExactly(0, 40, 40, 430, 451);
    OptimizerStep step = new OptimizerStep(OptimizerSpec.of(type, 0.1), new Schedule.Fixed(0.1),
        new RegularizationSpec(0.01, 0.01, 0.01, 0.5, 1), layout, 3);
    float[] parameters = NetworkFactory.initialParameters(MODEL, SHAPE, 1);
    float[] before = parameters.clone();
    float[] state = step.newState();
    Random random = new Random(5);

    for (int t = 0; t < 10; t++) {
      float[] gradient = new float[parameters.length];
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] = (float) random.nextGaussian();
      }
      step.apply(parameters, gradient, state, t, 0);
    }

    assertThat(Arrays.copyOfRange(parameters, 0, 430)).containsExactly(Arrays.copyOfRange(before, 0, 430));
    for (int i = 430; i < 451; i++) {
      assertThat(parameters[i]).as("output parameter %d", i).isNotEqualTo(before[i]);
    }
  }
}
