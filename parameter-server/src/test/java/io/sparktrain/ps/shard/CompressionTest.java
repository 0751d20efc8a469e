package io.sparktrain.ps.shard;

import static io.sparktrain.ps.shard.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.optim.OptimizerStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Threshold (Strom 2015) and top-k (Lin et al. 2018) pushes with error feedback. */
@Timeout(120)
class CompressionTest {

  @Test
  void topKOnePercentSendsAboutFiftyTimesFewerBytesThanDense() throws Exception {
    int size = 100_000;
    long dense = bytesSentPerStep(size, Compression.NONE);
    long topK = bytesSentPerStep(size, Compression.topK(0.01));

    int perSlice = size / 2;
    long pullBytes = 2L * (FrameCodec.HEADER_BYTES + 8);
    long pushOverhead = 2L * (FrameCodec.HEADER_BYTES + FrameCodec.PUSH_PREFIX_BYTES);
    assertThat(dense).isEqualTo(pushOverhead + 4L * size + pullBytes);
    assertThat(topK).isEqualTo(pushOverhead + 2L * 8 * (perSlice / 100) + pullBytes);
    assertThat((double) dense / topK).isGreaterThan(45);
  }

  @Test
  void thresholdSendsFourBytesPerEntryAtOrAboveTheThreshold() {
    SliceLayout layout = new SliceLayout(1000, 1);
    GradientEncoder encoder = new GradientEncoder(Compression.threshold(1.0), layout);
    float[] gradient = new float[1000];
    for (int i = 0; i < 1000; i += 100) {
      gradient[i] = i % 200 == 0 ? 2.5f : -1f;
    }
    gradient[1] = 0.99f;

    ByteBuf push = encoder.push(ByteBufAllocator.DEFAULT, 1, 0, 0, 0, 1, 0, gradient);
    float[] sent = decodePush(push, 1000);

    assertThat(push.writerIndex()).isEqualTo(FrameCodec.HEADER_BYTES + FrameCodec.PUSH_PREFIX_BYTES + 4 + 4 * 10);
    assertThat(sent[0]).isEqualTo(1f);
    assertThat(sent[100]).isEqualTo(-1f);
    assertThat(sent[1]).isZero();
    assertThat(encoder.residual()[0]).isEqualTo(1.5f);
    assertThat(encoder.residual()[1]).isEqualTo(0.99f);
    push.release();
  }

  @ParameterizedTest
  @ValueSource(strings = {"threshold", "top-k"})
  void errorFeedbackMakesTheSentSumApproachTheTrueSum(String kind) {
    int size = 2000;
    Compression compression = kind.equals("threshold") ? Compression.threshold(0.5) : Compression.topK(0.05);
    GradientEncoder encoder = new GradientEncoder(compression, new SliceLayout(size, 1));
    Random random = new Random(3);
    float[] mean = new float[size];
    for (int i = 0; i < size; i++) {
      mean[i] = (float) random.nextGaussian() * 0.1f;
    }
    double[] trueSum = new double[size];
    double[] sentSum = new double[size];
    double earlyError = 0;
    for (int step = 1; step <= 400; step++) {
      float[] gradient = new float[size];
      for (int i = 0; i < size; i++) {
        gradient[i] = mean[i] + (float) random.nextGaussian() * 0.1f;
        trueSum[i] += gradient[i];
      }
      ByteBuf push = encoder.push(ByteBufAllocator.DEFAULT, 1, 0, step, 0, 1, 0, gradient);
      float[] sent = decodePush(push, size);
      push.release();
      for (int i = 0; i < size; i++) {
        sentSum[i] += sent[i];
      }
      if (step == 20) {
        earlyError = relativeError(sentSum, trueSum);
      }
    }

    float[] residual = encoder.residual();
    for (int i = 0; i < size; i++) {
      assertThat(sentSum[i] + residual[i]).as("nothing is lost, only delayed, at %d", i)
          .isCloseTo(trueSum[i], org.assertj.core.api.Assertions.within(1e-3 * (1 + Math.abs(trueSum[i]))));
    }
    double lateError = relativeError(sentSum, trueSum);
    assertThat(lateError).isLessThan(0.1).isLessThan(earlyError / 3);
  }

  @Test
  void configsAreValidatedNamingTheKey() {
    assertThatThrownBy(() -> Compression.topK(0)).isInstanceOf(ConfigException.class)
        .hasMessage("training.compression.fraction must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> Compression.threshold(-1)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.compression.threshold must be > 0, got -1.0");
    assertThatThrownBy(() -> new Compression(Compression.Kind.NONE, 0, 0.5)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("need type threshold or top-k");
    assertThatThrownBy(() -> new Compression(Compression.Kind.TOP_K, 0.1, 0.5)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("applies to type threshold only");
    assertThatThrownBy(() -> new ShardedPsConfig(1, 2, 100, Compression.NONE, 100, Fixtures.TIMEOUT))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sharded-ps.max-frame-bytes must be >= 255");
    assertThatThrownBy(() -> new SliceLayout(3, 4)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("at least the number of shards 4, got 3");
  }

  private static double relativeError(double[] actual, double[] expected) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < expected.length; i++) {
      diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
      norm += expected[i] * expected[i];
    }
    return Math.sqrt(diff / norm);
  }

  private static float[] decodePush(ByteBuf push, int length) {
    ByteBuf payload = push.duplicate().skipBytes(FrameCodec.HEADER_BYTES + 4 + 8 + 8);
    byte encoding = payload.readByte();
    int count = payload.readInt();
    float[] dense = new float[length];
    GradientEncoder.decode(payload, encoding, count, dense);
    return dense;
  }

  private static long bytesSentPerStep(int size, Compression compression) throws Exception {
    int workers = 2;
    OptimizerStep optimizer = Fixtures.optimizer(OptimizerType.SGD, RegularizationSpec.NONE, size, 0);
    ShardedPsConfig config = ShardedPsConfig.of(3, workers, size, compression);
    List<ShardServer> shards = Fixtures.startShards(config, optimizer, new float[size]);
    List<ShardClient> clients = new ArrayList<>();
    try {
      for (int k = 0; k < workers; k++) {
        clients.add(ShardClient.connect(config, SECRET, k, Fixtures.addresses(shards)));
      }
      List<List<StepResult>> results = Fixtures.train(clients, Fixtures.contributions(2, workers, size, 1));
      assertThat(results.get(0).get(1).bytesSent()).isEqualTo(results.get(0).get(0).bytesSent());
      return results.get(0).get(1).bytesSent();
    } finally {
      Fixtures.closeAll(clients);
      Fixtures.closeAll(shards);
    }
  }
}
