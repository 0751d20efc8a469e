package io.sparktrain.ps.shard;

import static io.sparktrain.ps.shard.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.optim.OptimizerStep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Traffic per worker per step, uncompressed, against the ideal {@code 2 * P * 4} bytes of a
 * reduce-scatter plus all-gather: the protocol adds only its headers, {@code W * 177} bytes
 * (per shard: PUSH header and prefix 55, PUSHED 54, PULL 38, SLICE header 30).
 */
@Timeout(120)
class BandwidthTest {
  private static final int SIZE = 1_000_003;

  @ParameterizedTest(name = "{0} workers")
  @ValueSource(ints = {2, 3})
  void bytesPerWorkerPerStepAreTheIdealPlusHeaders(int workers) throws Exception {
    OptimizerStep optimizer = Fixtures.optimizer(OptimizerType.ADAM, RegularizationSpec.NONE, SIZE, 0);
    ShardedPsConfig config = ShardedPsConfig.of(1, workers, SIZE, Compression.NONE);
    List<ShardServer> shards = Fixtures.startShards(config, optimizer, new float[SIZE]);
    List<ShardClient> clients = new ArrayList<>();
    try {
      for (int k = 0; k < workers; k++) {
        clients.add(ShardClient.connect(config, SECRET, k, Fixtures.addresses(shards)));
      }

      List<List<StepResult>> results = Fixtures.train(clients, Fixtures.contributions(2, workers, SIZE, 2));

      long ideal = 2L * SIZE * 4;
      for (List<StepResult> worker : results) {
        StepResult step = worker.get(1);
        assertThat(step.bytesSent() + step.bytesReceived()).isEqualTo(ideal + 177L * workers);
        assertThat((double) (step.bytesSent() + step.bytesReceived()) / ideal).isLessThan(1.001);
      }
    } finally {
      Fixtures.closeAll(clients);
      Fixtures.closeAll(shards);
    }
  }
}
