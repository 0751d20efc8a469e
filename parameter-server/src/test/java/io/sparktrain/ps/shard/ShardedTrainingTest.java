package io.sparktrain.ps.shard;

import static io.sparktrain.ps.shard.Fixtures.SECRET;
import static io.sparktrain.ps.shard.Fixtures.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.ps.InProcessParameterServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The oracle test: W shards and W workers over loopback equal the in-process server. */
@Timeout(120)
class ShardedTrainingTest {
  private static final int SIZE = 103;
  private static final int STEPS = 5;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (int workers = 1; workers <= 4; workers++) {
      cases.add(Arguments.of(workers, OptimizerType.SGD, RegularizationSpec.NONE, 0));
      cases.add(Arguments.of(workers, OptimizerType.ADAM, RegularizationSpec.NONE, 0));
      cases.add(Arguments.of(workers, OptimizerType.ADAM, new RegularizationSpec(0, 0.1, 0, 0, 1.0), 0));
      cases.add(Arguments.of(workers, OptimizerType.MOMENTUM, new RegularizationSpec(0.01, 0.1, 0.02, 2.0, 3.0), 1));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} workers, {1}, {2}, frozen layers {3}")
  @MethodSource("cases")
  void shardsEndWithTheParametersAndStateOfTheInProcessServer(int workers, OptimizerType type,
      RegularizationSpec regularization, int frozenLayers) throws Exception {
    OptimizerStep optimizer = Fixtures.optimizer(type, regularization, SIZE, frozenLayers);
    float[] initial = Fixtures.initialParameters(SIZE);
    Fixtures.Contribution[][] contributions = Fixtures.contributions(STEPS, workers, SIZE, 7L * workers);
    InProcessParameterServer oracle = Fixtures.oracle(optimizer, initial, contributions);
    ShardedPsConfig config = new ShardedPsConfig(42, workers, SIZE, Compression.NONE,
        (int) ShardedPsConfig.requiredFrameBytes(new SliceLayout(SIZE, workers), Compression.NONE), TIMEOUT);
    List<ShardServer> shards = Fixtures.startShards(config, optimizer, initial);
    List<ShardClient> clients = new ArrayList<>();
    try {
      for (int k = 0; k < workers; k++) {
        // Each worker reaches its own shard in-JVM and the others over TCP, as a Spark task does.
        clients.add(ShardClient.connect(config, SECRET, k, Fixtures.addressesOfHost(k, shards)));
      }

      List<List<StepResult>> results = Fixtures.train(clients, contributions);

      for (List<StepResult> worker : results) {
        StepResult last = worker.get(STEPS - 1);
        assertThat(last.step()).isEqualTo(STEPS - 1);
        Fixtures.assertRelativelyClose(last.parameters(), oracle.parameters(), 1e-6);
        if (regularization.clipNorm() == 0) {
          assertThat(last.parameters()).as("no global norm involved: bit for bit").containsExactly(oracle.parameters());
        }
      }
      List<float[]> states = new ArrayList<>();
      for (ShardServer shard : shards) {
        ShardSnapshot snapshot = shard.snapshot();
        assertThat(snapshot.step()).isEqualTo(STEPS);
        states.add(snapshot.updaterState());
      }
      Fixtures.assertRelativelyClose(config.layout().wholeState(states), oracle.updaterState(), 1e-6);
    } finally {
      Fixtures.closeAll(clients);
      Fixtures.closeAll(shards);
    }
  }

  @Test
  void reportsTheStepsExampleCountAndMeanLossToEveryWorker() throws Exception {
    int workers = 3;
    OptimizerStep optimizer = Fixtures.optimizer(OptimizerType.SGD, RegularizationSpec.NONE, SIZE, 0);
    float[] initial = Fixtures.initialParameters(SIZE);
    Fixtures.Contribution[][] contributions = Fixtures.contributions(2, workers, SIZE, 3);
    ShardedPsConfig config = ShardedPsConfig.of(5, workers, SIZE, Compression.NONE);
    List<ShardServer> shards = Fixtures.startShards(config, optimizer, initial);
    List<ShardClient> clients = new ArrayList<>();
    try {
      for (int k = 0; k < workers; k++) {
        clients.add(ShardClient.connect(config, SECRET, k, Fixtures.addresses(shards)));
      }

      List<List<StepResult>> results = Fixtures.train(clients, contributions);

      long examples = 0;
      double loss = 0;
      for (Fixtures.Contribution c : contributions[1]) {
        examples += c.count();
        loss += c.lossSum();
      }
      for (List<StepResult> worker : results) {
        assertThat(worker.get(1).examples()).isEqualTo(examples);
        assertThat(worker.get(1).meanLoss()).isCloseTo(loss / examples, org.assertj.core.api.Assertions.within(1e-12));
      }
    } finally {
      Fixtures.closeAll(clients);
      Fixtures.closeAll(shards);
    }
  }

  @Test
  void aWorkerMayReuseOneArrayForTheUpdatedParametersOfEveryStep() throws Exception {
    OptimizerStep optimizer = Fixtures.optimizer(OptimizerType.ADAM, RegularizationSpec.NONE, SIZE, 0);
    Fixtures.Contribution[][] contributions = Fixtures.contributions(3, 2, SIZE, 4);
    ShardedPsConfig config = ShardedPsConfig.of(6, 2, SIZE, Compression.NONE);
    List<ShardServer> shards = Fixtures.startShards(config, optimizer, Fixtures.initialParameters(SIZE));
    List<ShardClient> clients = new ArrayList<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      for (int k = 0; k < 2; k++) {
        clients.add(ShardClient.connect(config, SECRET, k, Fixtures.addresses(shards)));
      }
      float[] reused = new float[SIZE];
      assertThatThrownBy(() -> clients.get(0).step(null, 0, 0, 0, new float[SIZE - 1]))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("array of their own of " + SIZE);
      for (Fixtures.Contribution[] step : contributions) {
        Future<StepResult> other = pool.submit(() -> clients.get(1).step(step[1].sum(), step[1].lossSum(),
            step[1].count(), 0));
        StepResult mine = clients.get(0).step(step[0].sum(), step[0].lossSum(), step[0].count(), 0, reused);

        assertThat(mine.parameters()).isSameAs(reused);
        assertThat(reused).containsExactly(other.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).parameters());
      }
    } finally {
      pool.shutdownNow();
      Fixtures.closeAll(clients);
      Fixtures.closeAll(shards);
    }
  }

  @Test
  void aWorkerGathersTheParametersTheShardsHoldBeforeItsNextStep() throws Exception {
    int workers = 3;
    OptimizerStep optimizer = Fixtures.optimizer(OptimizerType.ADAM, RegularizationSpec.NONE, SIZE, 0);
    float[] initial = Fixtures.initialParameters(SIZE);
    Fixtures.Contribution[][] contributions = Fixtures.contributions(2, workers, SIZE, 8);
    ShardedPsConfig config = ShardedPsConfig.of(10, workers, SIZE, Compression.NONE);
    List<ShardServer> shards = Fixtures.startShards(config, optimizer, initial);
    List<ShardClient> clients = new ArrayList<>();
    try {
      for (int k = 0; k < workers; k++) {
        clients.add(ShardClient.connect(config, SECRET, k, Fixtures.addressesOfHost(k, shards)));
      }
      float[] gathered = new float[SIZE];

      assertThat(clients.get(2).parameters(gathered)).isSameAs(gathered).containsExactly(initial);
      List<List<StepResult>> results = Fixtures.train(clients, java.util.Arrays.copyOf(contributions, 1));
      assertThat(clients.get(1).parameters(new float[SIZE])).as("after step 0, before step 1")
          .containsExactly(results.get(0).get(0).parameters());
      // Gathering is only a read: the next step goes on as if it had not happened.
      List<List<StepResult>> next = Fixtures.train(clients, java.util.Arrays.copyOfRange(contributions, 1, 2));
      assertThat(next.get(0).get(0).parameters())
          .containsExactly(Fixtures.oracle(optimizer, initial, contributions).parameters());
    } finally {
      Fixtures.closeAll(clients);
      Fixtures.closeAll(shards);
    }
  }

  @Test
  @Timeout(60)
  void aShardThatGoesAwayMidStepFailsTheOtherWorkersStepAtOnceNotAtTheTimeout() throws Exception {
    OptimizerStep optimizer = Fixtures.optimizer(OptimizerType.SGD, RegularizationSpec.NONE, SIZE, 0);
    ShardedPsConfig config = twoShardsThatWaitTenMinutes(11);
    List<ShardServer> shards = Fixtures.startShards(config, optimizer, Fixtures.initialParameters(SIZE));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (ShardClient survivor = ShardClient.connect(config, SECRET, 0, Fixtures.addressesOfHost(0, shards))) {
      // Worker 1 never pushes: shard 0 will not answer worker 0 until it does. Shard 1 then goes away.
      Future<StepResult> step = pool.submit(() -> survivor.step(new float[SIZE], 1, 1, 0));
      Thread.sleep(200);
      shards.get(1).close();

      assertThatThrownBy(() -> step.get()).hasCauseInstanceOf(ShardTransportException.class)
          .hasMessageContaining("shard 1");
    } finally {
      pool.shutdownNow();
      Fixtures.closeAll(shards);
    }
  }

  @Test
  @Timeout(60)
  void aWorkerWhoseCallerNoLongerWantsTheReplyStopsWaiting() throws Exception {
    OptimizerStep optimizer = Fixtures.optimizer(OptimizerType.SGD, RegularizationSpec.NONE, SIZE, 0);
    ShardedPsConfig config = twoShardsThatWaitTenMinutes(12);
    List<ShardServer> shards = Fixtures.startShards(config, optimizer, Fixtures.initialParameters(SIZE));
    java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (ShardClient waiting = ShardClient.connect(config, SECRET, 0, Fixtures.addresses(shards), () -> {
      if (killed.get()) {
        throw new IllegalStateException("task killed");
      }
    })) {
      // Worker 1 never pushes; the shards stay up, so only the check can end the wait.
      Future<StepResult> step = pool.submit(() -> waiting.step(new float[SIZE], 1, 1, 0));
      Thread.sleep(300);
      assertThat(step).isNotDone();
      killed.set(true);

      assertThatThrownBy(() -> step.get()).hasRootCauseMessage("task killed");
    } finally {
      pool.shutdownNow();
      Fixtures.closeAll(shards);
    }
  }

  /** Two shards whose workers would wait ten minutes for a reply: a wait that ends sooner was ended on purpose. */
  private static ShardedPsConfig twoShardsThatWaitTenMinutes(long jobId) {
    return new ShardedPsConfig(jobId, 2, SIZE, Compression.NONE,
        (int) ShardedPsConfig.requiredFrameBytes(new SliceLayout(SIZE, 2), Compression.NONE),
        java.time.Duration.ofMinutes(10));
  }

  @Test
  void resumesFromAssembledSnapshotsAsIfNeverStopped() throws Exception {
    int workers = 2;
    OptimizerStep optimizer = Fixtures.optimizer(OptimizerType.ADAM, RegularizationSpec.NONE, SIZE, 0);
    float[] initial = Fixtures.initialParameters(SIZE);
    Fixtures.Contribution[][] all = Fixtures.contributions(4, workers, SIZE, 11);
    InProcessParameterServer oracle = Fixtures.oracle(optimizer, initial, all);
    ShardedPsConfig config = ShardedPsConfig.of(9, workers, SIZE, Compression.NONE);
    SliceLayout layout = config.layout();
    InProcessParameterServer firstHalf = Fixtures.oracle(optimizer, initial, java.util.Arrays.copyOf(all, 2));
    List<ShardServer> shards = new ArrayList<>();
    List<ShardClient> clients = new ArrayList<>();
    try {
      for (int s = 0; s < workers; s++) {
        shards.add(ShardServer.start(config, SECRET, optimizer, ShardSnapshot.resumed(layout, s, 2,
            firstHalf.parameters(), firstHalf.updaterState()), Fixtures.LOOPBACK));
      }
      for (int k = 0; k < workers; k++) {
        clients.add(ShardClient.connect(config, SECRET, k, Fixtures.addresses(shards)));
      }
      assertThat(clients.get(0).nextStep()).isEqualTo(2);

      List<List<StepResult>> results = Fixtures.train(clients, java.util.Arrays.copyOfRange(all, 2, 4));

      assertThat(results.get(0).get(1).step()).isEqualTo(3);
      assertThat(results.get(0).get(1).parameters()).containsExactly(oracle.parameters());
    } finally {
      Fixtures.closeAll(clients);
      Fixtures.closeAll(shards);
    }
  }

  @Test
  void aShardWaitsForEveryWorkersLastPullBeforeItMayClose() throws Exception {
    int workers = 2;
    OptimizerStep optimizer = Fixtures.optimizer(OptimizerType.SGD, RegularizationSpec.NONE, SIZE, 0);
    ShardedPsConfig config = ShardedPsConfig.of(4, workers, SIZE, Compression.NONE);
    List<ShardServer> shards = Fixtures.startShards(config, optimizer, Fixtures.initialParameters(SIZE));
    List<ShardClient> clients = new ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService waiter = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.Future<?> waiting = waiter.submit(() -> shards.get(0).awaitPulls(0, checks::incrementAndGet));
      Thread.sleep(200);
      assertThat(waiting).as("no worker has pulled step 0 yet").isNotDone();
      for (int k = 0; k < workers; k++) {
        clients.add(ShardClient.connect(config, SECRET, k, Fixtures.addresses(shards)));
      }

      Fixtures.train(clients, Fixtures.contributions(1, workers, SIZE, 5));

      waiting.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertThat(checks.get()).as("the kill check ran while it waited").isPositive();
      assertThatThrownBy(() -> shards.get(1).awaitPulls(1, () -> {
        throw new IllegalStateException("task killed");
      })).as("a step not yet pushed: waits, and the kill check ends the wait").hasMessage("task killed");
    } finally {
      waiter.shutdownNow();
      Fixtures.closeAll(clients);
      Fixtures.closeAll(shards);
    }
  }
}
