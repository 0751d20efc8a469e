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
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The driver's shard coordinator: shards start from exactly the slices it holds, it receives the
 * steps in order and the shards' final slices, and hostile or broken peers are rejected and
 * counted while the honest shards' hosts are still served.
 */
@Timeout(60)
class ShardCoordinatorTest {
  private static final int SIZE = 103;
  private static final int WORKERS = 3;
  private static final long JOB = 31;
  private static final long START = 4;

  @Test
  void shardsStartFromItsSlicesAndHandBackTheSlicesOfTheUninterruptedRun() throws Exception {
    OptimizerStep optimizer = Fixtures.optimizer(OptimizerType.ADAM, RegularizationSpec.NONE, SIZE, 0);
    Fixtures.Contribution[][] contributions = Fixtures.contributions(6, WORKERS, SIZE, 21);
    InProcessParameterServer before = Fixtures.oracle(optimizer, Fixtures.initialParameters(SIZE),
        Arrays.copyOf(contributions, (int) START));
    InProcessParameterServer after = Fixtures.oracle(optimizer, Fixtures.initialParameters(SIZE), contributions);
    ShardedPsConfig config = ShardedPsConfig.of(JOB, WORKERS, SIZE, Compression.NONE);
    SliceLayout layout = config.layout();
    List<float[]> states = IntStream.range(0, WORKERS).mapToObj(s -> layout.sliceState(before.updaterState(), s)).toList();
    List<CoordinatorClient> hosts = new ArrayList<>();
    List<ShardServer> shards = new ArrayList<>();
    List<ShardClient> clients = new ArrayList<>();
    try (ShardCoordinator coordinator = ShardCoordinator.start(config, SECRET, START, before.parameters(), states,
        Fixtures.LOOPBACK)) {
      for (int k = 0; k < WORKERS; k++) {
        // Worker 0 runs in the coordinator's JVM, as a Spark task in local mode does.
        SocketAddress address = k == 0 ? coordinator.inJvmAddress() : coordinator.address();
        hosts.add(CoordinatorClient.connect(config, SECRET, k, address, () -> { }));
        shards.add(hosts.get(k).startShard(optimizer, START, Fixtures.LOOPBACK));
      }
      for (int s = 0; s < WORKERS; s++) {
        ShardSnapshot start = shards.get(s).snapshot();
        assertThat(start.step()).isEqualTo(START);
        assertThat(start.parameters()).containsExactly(layout.slice(before.parameters(), s));
        assertThat(start.updaterState()).containsExactly(states.get(s));
      }
      for (int k = 0; k < WORKERS; k++) {
        clients.add(ShardClient.connect(config, SECRET, k, Fixtures.addresses(shards)));
      }
      List<List<StepResult>> results = Fixtures.train(clients, Arrays.copyOfRange(contributions, (int) START, 6));
      for (StepResult step : results.get(0)) {
        hosts.get(0).report(new StepProgress(step.step(), step.examples(), step.meanLoss(), 0.5 * step.step(), null));
      }
      hosts.get(0).report(new StepProgress(6, 3, Double.NaN, 3, "the loss is NaN"));
      assertThat(coordinator.complete()).isFalse();
      assertThatThrownBy(coordinator::finalParameters).hasMessageContaining("shards [0, 1, 2] have not stored");
      for (int k = 0; k < WORKERS; k++) {
        hosts.get(k).store(shards.get(k));
      }

      assertThat(coordinator.complete()).isTrue();
      assertThat(coordinator.finalStep()).isEqualTo(6);
      assertThat(coordinator.finalParameters()).containsExactly(after.parameters());
      assertThat(layout.wholeState(coordinator.finalStateSlices())).containsExactly(after.updaterState());
      List<StepProgress> reported = new ArrayList<>();
      for (StepProgress step; (step = coordinator.pollProgress(1, TimeUnit.SECONDS)) != null; ) {
        reported.add(step);
      }
      assertThat(reported).extracting(StepProgress::step).containsExactly(4L, 5L, 6L);
      assertThat(reported.get(1).meanLoss()).isEqualTo(results.get(0).get(1).meanLoss());
      assertThat(reported.get(1).examples()).isEqualTo(results.get(0).get(1).examples());
      assertThat(reported.get(1).seconds()).isEqualTo(2.5);
      assertThat(reported.get(1).divergence()).isNull();
      assertThat(reported.get(2).divergence()).isEqualTo("the loss is NaN");
      assertThat(coordinator.rejectedFrames()).isZero();
    } finally {
      Fixtures.closeAll(clients);
      Fixtures.closeAll(shards);
      Fixtures.closeAll(hosts);
    }
  }

  enum Attack {
    UNAUTHENTICATED_FETCH, WRONG_SECRET, OTHER_JOB, FOR_A_SHARD, BAD_VERSION, OVERSIZE_LENGTH, TRUNCATED_FRAME,
    FETCH_OF_ANOTHER_STEP, PART_OUT_OF_ORDER, PART_OF_THE_WRONG_SIZE, STORED_TWICE
  }

  @ParameterizedTest
  @EnumSource(Attack.class)
  void rejectsTheAttackerAndKeepsServingHonestShards(Attack attack) throws Exception {
    OptimizerStep optimizer = Fixtures.optimizer(OptimizerType.ADAM, RegularizationSpec.NONE, SIZE, 0);
    ShardedPsConfig config = ShardedPsConfig.of(JOB, 2, SIZE, Compression.NONE);
    SliceLayout layout = config.layout();
    float[] parameters = Fixtures.initialParameters(SIZE);
    List<float[]> states = List.of(optimizer.newSliceState(layout.length(0)), optimizer.newSliceState(layout.length(1)));
    try (ShardCoordinator coordinator = ShardCoordinator.start(config, SECRET, START, parameters, states,
            Fixtures.LOOPBACK);
        RawPeer attacker = new RawPeer(coordinator.address(), TIMEOUT)) {
      attack(attacker, attack, config, optimizer, layout.slice(parameters, 1), states.get(1));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (coordinator.rejectedFrames() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(coordinator.rejectedFrames()).isEqualTo(1);
      if (attack != Attack.TRUNCATED_FRAME) {
        assertThat(attacker.readUntilError()).isEqualTo(FrameType.ERROR.code);
        assertThatThrownBy(attacker::readType).isInstanceOf(EOFException.class);
      }

      // The honest hosts start and store (shard 1's connection is free again; after STORED_TWICE its
      // slices, the same as an honest host's, are already in).
      for (int k = 0; k < (attack == Attack.STORED_TWICE ? 1 : 2); k++) {
        try (CoordinatorClient host = CoordinatorClient.connect(config, SECRET, k, coordinator.address(), () -> { });
            ShardServer shard = host.startShard(optimizer, START, Fixtures.LOOPBACK)) {
          assertThat(shard.snapshot().parameters()).containsExactly(layout.slice(parameters, k));
          host.store(shard);
        }
      }
      assertThat(coordinator.finalParameters()).containsExactly(parameters);
      assertThat(coordinator.rejectedFrames()).isEqualTo(1);
    }
  }

  private static void attack(RawPeer peer, Attack attack, ShardedPsConfig config, OptimizerStep optimizer,
      float[] parameters, float[] state) throws IOException {
    byte[] nonce = peer.readChallenge();
    int endpoint = ShardCoordinator.ENDPOINT;
    int length = config.layout().length(1);
    int total = length + optimizer.sliceStateLength(length);
    SnapshotParts cut = SnapshotParts.of(config);
    int parts = cut.parts(total);
    switch (attack) {
      case UNAUTHENTICATED_FETCH -> peer.frame(FrameType.FETCH, JOB, endpoint, START, new byte[0]);
      case WRONG_SECRET -> peer.auth(JOB, endpoint, 1, ParameterServerSecret.fromPassphrase("guess").proof(JOB, endpoint, 1, nonce));
      case OTHER_JOB -> peer.auth(JOB + 1, endpoint, 1, SECRET.proof(JOB + 1, endpoint, 1, nonce));
      case FOR_A_SHARD -> peer.auth(JOB, 0, 1, SECRET.proof(JOB, 0, 1, nonce));
      case BAD_VERSION -> peer.header(FrameCodec.MAGIC, (byte) (FrameCodec.VERSION + 1), FrameType.AUTH.code, JOB,
          endpoint, 0, 36);
      case OVERSIZE_LENGTH -> peer.header(FrameCodec.MAGIC, FrameCodec.VERSION, FrameType.STATE.code, JOB, endpoint,
          START, config.maxFrameBytes());
      case TRUNCATED_FRAME -> {
        peer.header(FrameCodec.MAGIC, FrameCodec.VERSION, FrameType.AUTH.code, JOB, endpoint, 0, 36);
        peer.out.write(new byte[10]);
        peer.out.flush();
        peer.socket.shutdownOutput();
      }
      case FETCH_OF_ANOTHER_STEP -> {
        authenticate(peer, nonce);
        peer.frame(FrameType.FETCH, JOB, endpoint, START + 1, new byte[0]);
      }
      case PART_OUT_OF_ORDER -> {
        authenticate(peer, nonce);
        peer.frame(FrameType.STATE, JOB, endpoint, START, part(1, parts, new float[cut.partFloats()]));
      }
      case PART_OF_THE_WRONG_SIZE -> {
        authenticate(peer, nonce);
        peer.frame(FrameType.STATE, JOB, endpoint, START, part(0, parts, new float[cut.partFloats() - 1]));
      }
      case STORED_TWICE -> {
        authenticate(peer, nonce);
        for (int round = 0; round < 2; round++) {
          float[] slices = Arrays.copyOf(parameters, total);
          System.arraycopy(state, 0, slices, length, state.length);
          for (int p = 0; p < parts; p++) {
            peer.frame(FrameType.STATE, JOB, endpoint, START, part(p, parts,
                Arrays.copyOfRange(slices, p * cut.partFloats(), Math.min(total, (p + 1) * cut.partFloats()))));
          }
        }
      }
    }
  }

  /** Authenticates {@code peer} as the host of shard 1. */
  private static void authenticate(RawPeer peer, byte[] nonce) throws IOException {
    peer.auth(JOB, ShardCoordinator.ENDPOINT, 1, SECRET.proof(JOB, ShardCoordinator.ENDPOINT, 1, nonce));
    assertThat(peer.readType()).isEqualTo(FrameType.AUTH_OK.code);
  }

  /** A STATE payload: part {@code part} of {@code parts}, then {@code values} little-endian. */
  private static byte[] part(int part, int parts, float[] values) {
    ByteBuffer payload = ByteBuffer.allocate(8 + 4 * values.length).putInt(part).putInt(parts);
    payload.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    return payload.array();
  }
}
