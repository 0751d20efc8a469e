package io.sparktrain.ps.shard;

import static io.sparktrain.ps.shard.Fixtures.SECRET;
import static io.sparktrain.ps.shard.Fixtures.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.ps.InProcessParameterServer;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile and broken peers: each attack is rejected and counted, and the honest workers' steps
 * still complete with the oracle's parameters.
 */
@Timeout(60)
class ShardSecurityTest {
  private static final int SIZE = 11;
  private static final int WORKERS = 2;
  private static final long JOB = 77;

  enum Attack {
    UNAUTHENTICATED_PUSH, WRONG_SECRET, OTHER_JOB, BAD_MAGIC, BAD_VERSION, OVERSIZE_LENGTH, TRUNCATED_FRAME,
    TRUNCATED_PAYLOAD, WRONG_STEP, WRONG_SHARD, WORKER_OUT_OF_RANGE
  }

  @ParameterizedTest
  @EnumSource(Attack.class)
  void rejectsTheAttackerAndKeepsServingHonestWorkers(Attack attack) throws Exception {
    OptimizerStep optimizer = Fixtures.optimizer(OptimizerType.ADAM, RegularizationSpec.NONE, SIZE, 0);
    float[] initial = Fixtures.initialParameters(SIZE);
    Fixtures.Contribution[][] contributions = Fixtures.contributions(3, WORKERS, SIZE, 5);
    ShardedPsConfig config = ShardedPsConfig.of(JOB, WORKERS, SIZE, Compression.NONE);
    List<ShardServer> shards = Fixtures.startShards(config, optimizer, initial);
    List<ShardClient> clients = new ArrayList<>();
    try {
      clients.add(ShardClient.connect(config, SECRET, 0, Fixtures.addresses(shards)));

      try (RawPeer attacker = new RawPeer(shards.get(0).address(), TIMEOUT)) {
        attack(attacker, attack, config);
        awaitRejections(shards.get(0), 1);
        if (attack != Attack.TRUNCATED_FRAME) {
          assertThat(attacker.readType()).isEqualTo(FrameType.ERROR.code);
          assertThatThrownBy(attacker::readType).isInstanceOf(EOFException.class);
        }
      }
      clients.add(ShardClient.connect(config, SECRET, 1, Fixtures.addresses(shards)));
      List<List<StepResult>> results = Fixtures.train(clients, contributions);

      InProcessParameterServer oracle = Fixtures.oracle(optimizer, initial, contributions);
      assertThat(results.get(0).get(2).parameters()).containsExactly(oracle.parameters());
      assertThat(results.get(1).get(2).parameters()).containsExactly(oracle.parameters());
      assertThat(shards.get(0).rejectedFrames()).isEqualTo(1);
      assertThat(shards.get(1).rejectedFrames()).isZero();
    } finally {
      Fixtures.closeAll(clients);
      Fixtures.closeAll(shards);
    }
  }

  @Test
  void aClientWithTheWrongSecretCannotConnect() throws Exception {
    OptimizerStep optimizer = Fixtures.optimizer(OptimizerType.SGD, RegularizationSpec.NONE, SIZE, 0);
    ShardedPsConfig config = ShardedPsConfig.of(JOB, 1, SIZE, Compression.NONE);
    List<ShardServer> shards = Fixtures.startShards(config, optimizer, Fixtures.initialParameters(SIZE));
    try {
      ParameterServerSecret wrong = ParameterServerSecret.fromPassphrase("not the job's secret");
      assertThatThrownBy(() -> ShardClient.connect(config, wrong, 0, Fixtures.addresses(shards)))
          .isInstanceOf(ShardTransportException.class).hasMessageContaining("wrong key");
      assertThat(shards.get(0).rejectedFrames()).isEqualTo(1);
      // The in-JVM address asks for the same handshake.
      assertThatThrownBy(() -> ShardClient.connect(config, wrong, 0, List.of(shards.get(0).inJvmAddress())))
          .isInstanceOf(ShardTransportException.class).hasMessageContaining("wrong key");
      assertThat(shards.get(0).rejectedFrames()).isEqualTo(2);
    } finally {
      Fixtures.closeAll(shards);
    }
  }

  @Test
  void theSecretNeverShowsInItsString() {
    assertThat(ParameterServerSecret.fromPassphrase("hunter2").toString()).doesNotContain("hunter2")
        .isEqualTo("ParameterServerSecret[redacted]");
  }

  private static void attack(RawPeer peer, Attack attack, ShardedPsConfig config) throws IOException {
    byte[] nonce = peer.readChallenge();
    int denseBytes = FrameCodec.PUSH_PREFIX_BYTES + 4 * config.layout().length(0);
    switch (attack) {
      case UNAUTHENTICATED_PUSH -> peer.push(JOB, 0, 0, config.layout().length(0));
      case WRONG_SECRET -> peer.auth(JOB, 0, 1, ParameterServerSecret.fromPassphrase("guess").proof(JOB, 0, 1, nonce));
      case OTHER_JOB -> peer.auth(JOB + 1, 0, 1, SECRET.proof(JOB + 1, 0, 1, nonce));
      case BAD_MAGIC -> peer.header(0xCAFEBABE, FrameCodec.VERSION, FrameType.AUTH.code, JOB, 0, 0, 36);
      case BAD_VERSION -> peer.header(FrameCodec.MAGIC, (byte) (FrameCodec.VERSION - 1), FrameType.AUTH.code, JOB, 0, 0, 36);
      case OVERSIZE_LENGTH -> peer.header(FrameCodec.MAGIC, FrameCodec.VERSION, FrameType.PUSH.code, JOB, 0, 0,
          config.maxFrameBytes());
      case TRUNCATED_FRAME -> {
        peer.header(FrameCodec.MAGIC, FrameCodec.VERSION, FrameType.AUTH.code, JOB, 0, 0, 36);
        peer.out.write(new byte[10]);
        peer.out.flush();
        peer.socket.shutdownOutput();
      }
      case TRUNCATED_PAYLOAD -> {
        peer.auth(JOB, 0, 1, SECRET.proof(JOB, 0, 1, nonce));
        assertThat(peer.readType()).isEqualTo(FrameType.AUTH_OK.code);
        peer.header(FrameCodec.MAGIC, FrameCodec.VERSION, FrameType.PUSH.code, JOB, 0, 0, denseBytes - 4);
        peer.out.writeInt(0);
        peer.out.writeLong(1);
        peer.out.writeDouble(0);
        peer.out.writeByte(GradientEncoder.DENSE);
        peer.out.writeInt(config.layout().length(0));
        peer.out.write(new byte[denseBytes - 4 - FrameCodec.PUSH_PREFIX_BYTES]);
        peer.out.flush();
      }
      case WRONG_STEP -> {
        peer.auth(JOB, 0, 1, SECRET.proof(JOB, 0, 1, nonce));
        assertThat(peer.readType()).isEqualTo(FrameType.AUTH_OK.code);
        peer.push(JOB, 0, 5, config.layout().length(0));
      }
      case WRONG_SHARD -> {
        peer.auth(JOB, 0, 1, SECRET.proof(JOB, 0, 1, nonce));
        assertThat(peer.readType()).isEqualTo(FrameType.AUTH_OK.code);
        peer.push(JOB, 1, 0, config.layout().length(1));
      }
      case WORKER_OUT_OF_RANGE -> peer.auth(JOB, 0, WORKERS, SECRET.proof(JOB, 0, WORKERS, nonce));
    }
  }

  private static void awaitRejections(ShardServer shard, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (shard.rejectedFrames() < expected && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(shard.rejectedFrames()).isEqualTo(expected);
  }
}
