package io.sparktrain.ps;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.model.ParameterLayout;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.kernels.optim.Schedule;
import io.sparktrain.kernels.train.GradientSum;
import java.util.List;
import org.junit.jupiter.api.Test;

class InProcessParameterServerTest {
  private static final ParameterLayout LAYOUT = new ParameterLayout(3, List.of(new int[] {0, 2}));

  @Test
  void appliesTheExampleWeightedMeanOfWorkerGradients() {
    OptimizerStep sgd = new OptimizerStep(OptimizerSpec.of(OptimizerType.SGD, 0.5),
        new Schedule.Fixed(0.5), RegularizationSpec.NONE, LAYOUT);
    ParameterServer server = new InProcessParameterServer(sgd, new float[] {1, 1, 1});
    // worker A: 3 examples with summed gradient (3, 0, 6); worker B: 1 example with (1, 4, 2).
    GradientSum combined = new GradientSum(new float[] {3, 0, 6}, 3, 3)
        .add(new GradientSum(new float[] {1, 4, 2}, 1, 1));

    double rate = server.apply(combined, 0);

    assertThat(rate).isEqualTo(0.5);
    assertThat(server.step()).isEqualTo(1);
    assertThat(server.parameters()).containsExactly(1 - 0.5f * 1, 1 - 0.5f * 1, 1 - 0.5f * 2);
  }

  @Test
  void l2PenalizesWeightsButNotBiases() {
    OptimizerStep sgd = new OptimizerStep(OptimizerSpec.of(OptimizerType.SGD, 0.1),
        new Schedule.Fixed(0.1), RegularizationSpec.penalties(0, 0.5), LAYOUT);
    ParameterServer server = new InProcessParameterServer(sgd, new float[] {2, -2, 2});

    server.apply(new GradientSum(new float[] {0, 0, 0}, 0, 1), 0);

    assertThat(server.parameters()).containsExactly(2 - 0.1f * 1, -2 + 0.1f * 1, 2);
  }

  @Test
  void servesCopiesSoCallersCannotCorruptTheMaster() {
    OptimizerStep adam = new OptimizerStep(OptimizerSpec.of(OptimizerType.ADAM, 0.1),
        new Schedule.Fixed(0.1), RegularizationSpec.NONE, LAYOUT);
    ParameterServer server = new InProcessParameterServer(adam, new float[] {1, 2, 3});

    server.parameters()[0] = 99;
    server.updaterState()[0] = 99;

    assertThat(server.parameters()).containsExactly(1, 2, 3);
    assertThat(server.updaterState()).hasSize(6).containsOnly(0f);
  }
}
