package io.sparktrain.ps.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.model.ParameterLayout;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.kernels.optim.Schedule;
import io.sparktrain.kernels.train.GradientSum;
import io.sparktrain.ps.InProcessParameterServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Shared test setup: a small model layout, worker gradients, and a loopback cluster of shards. */
final class Fixtures {
  static final ParameterServerSecret SECRET = ParameterServerSecret.of(new byte[32]);
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private Fixtures() {}

  /**
   * Two layers over {@code size} parameters; weight ranges cross every slice boundary of small W,
   * and the second layer starts with three running statistics (as a batch-normalization layer's),
   * which cross a slice boundary for {@code size} 103 and W = 3.
   */
  static ParameterLayout layout(int size) {
    int firstLayer = size * 2 / 3;
    return new ParameterLayout(size, List.of(new int[] {0, firstLayer - 5}, new int[] {firstLayer + 3, size - firstLayer - 6}),
        new int[] {0, firstLayer, size}, List.<int[]>of(new int[] {firstLayer, 3}));
  }

  static OptimizerStep optimizer(OptimizerType type, RegularizationSpec regularization, int size, int frozenLayers) {
    return new OptimizerStep(OptimizerSpec.of(type, 0.05), new Schedule.Fixed(0.05), regularization, layout(size),
        frozenLayers);
  }

  /** One worker's contribution to one step: summed gradient (null when no example), loss sum, count. */
  record Contribution(float[] sum, double lossSum, long count) {
    GradientSum asGradientSum() {
      return new GradientSum(sum == null ? null : sum.clone(), lossSum, count);
    }
  }

  /** {@code steps x workers} contributions; worker 0 has no example in step 1 when there are several workers. */
  static Contribution[][] contributions(int steps, int workers, int size, long seed) {
    Random random = new Random(seed);
    Contribution[][] all = new Contribution[steps][workers];
    for (int t = 0; t < steps; t++) {
      for (int k = 0; k < workers; k++) {
        long count = workers > 1 && t == 1 && k == 0 ? 0 : 1 + random.nextInt(4);
        float[] sum = null;
        if (count > 0) {
          sum = new float[size];
          for (int i = 0; i < size; i++) {
            sum[i] = (float) (random.nextGaussian() * count);
          }
        }
        all[t][k] = new Contribution(sum, count * random.nextDouble(), count);
      }
    }
    return all;
  }

  /** The oracle: the in-process server fed the combined gradients. */
  static InProcessParameterServer oracle(OptimizerStep optimizer, float[] initial, Contribution[][] contributions) {
    InProcessParameterServer server = new InProcessParameterServer(optimizer, initial);
    for (Contribution[] step : contributions) {
      GradientSum combined = new GradientSum();
      for (Contribution worker : step) {
        combined.add(worker.asGradientSum());
      }
      server.apply(combined, 0);
    }
    return server;
  }

  static float[] initialParameters(int size) {
    Random random = new Random(size);
    float[] parameters = new float[size];
    for (int i = 0; i < size; i++) {
      parameters[i] = (float) random.nextGaussian();
    }
    return parameters;
  }

  /** W shards on loopback, started from {@code initial}. */
  static List<ShardServer> startShards(ShardedPsConfig config, OptimizerStep optimizer, float[] initial) {
    List<ShardServer> shards = new ArrayList<>();
    for (int s = 0; s < config.workers(); s++) {
      shards.add(ShardServer.start(config, SECRET, optimizer,
          ShardSnapshot.initial(config.layout(), s, initial, optimizer), LOOPBACK));
    }
    return shards;
  }

  static List<InetSocketAddress> addresses(List<ShardServer> shards) {
    return shards.stream().map(ShardServer::address).toList();
  }

  /**
   * The addresses worker {@code worker} uses when it hosts shard {@code worker}, as a Spark task
   * does: its own shard's in-JVM address, the others' TCP addresses.
   */
  static List<SocketAddress> addressesOfHost(int worker, List<ShardServer> shards) {
    List<SocketAddress> addresses = new ArrayList<>(addresses(shards));
    addresses.set(worker, shards.get(worker).inJvmAddress());
    return addresses;
  }

  /** Runs every step on every client, one thread per worker; returns each worker's step results. */
  static List<List<StepResult>> train(List<ShardClient> clients, Contribution[][] contributions) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients.size());
    try {
      List<Future<List<StepResult>>> runs = new ArrayList<>();
      for (int k = 0; k < clients.size(); k++) {
        int worker = k;
        runs.add(pool.submit(() -> {
          List<StepResult> results = new ArrayList<>();
          for (Contribution[] step : contributions) {
            Contribution mine = step[worker];
            results.add(clients.get(worker).step(mine.sum(), mine.lossSum(), mine.count(), 0));
          }
          return results;
        }));
      }
      List<List<StepResult>> results = new ArrayList<>();
      for (Future<List<StepResult>> run : runs) {
        results.add(run.get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  static void assertRelativelyClose(float[] actual, float[] expected, double tolerance) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      double scale = Math.max(1e-3, Math.abs(expected[i]));
      assertThat(Math.abs(actual[i] - expected[i]) / scale)
          .as("entry %d: %s vs expected %s", i, actual[i], expected[i]).isLessThanOrEqualTo(tolerance);
    }
  }

  static void closeAll(List<? extends AutoCloseable> closeables) throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }
}
