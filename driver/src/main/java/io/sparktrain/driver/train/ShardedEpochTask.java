package io.sparktrain.driver.train;

import io.netty.channel.local.LocalAddress;
import io.sparktrain.driver.data.WorkerShard;
import io.sparktrain.kernels.train.GradientSum;
import io.sparktrain.ps.shard.CoordinatorClient;
import io.sparktrain.ps.shard.ShardClient;
import io.sparktrain.ps.shard.ShardServer;
import io.sparktrain.ps.shard.ShardedPsConfig;
import io.sparktrain.ps.shard.StepProgress;
import io.sparktrain.ps.shard.StepResult;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkContext$;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function1;
import scala.collection.Iterator;

/**
 * One task of a {@code sharded-ps} epoch stage, run by every worker of a Spark barrier stage. It
 * connects to the driver's {@link io.sparktrain.ps.shard.ShardCoordinator}, starts the shard it
 * hosts from the slices the coordinator holds for it, on its executor's address (its block
 * manager's host), learns every shard's address through {@link BarrierTaskContext#allGather}
 * (woken as soon as the addresses are in, {@link PromptBarrier}), connects to all of them (to those
 * on its own executor, its own shard included, through Netty's in-JVM transport rather than a
 * socket), gathers the parameters from them, and runs the stage's steps, each a gradient of its
 * next batch (as {@code sync-gradient} computes it) pushed and the updated parameters pulled.
 * Worker 0 reports every step to the coordinator as it finishes. After the last step, once every
 * worker has pulled it, the task hands its shard's final slices to the coordinator and returns a
 * small {@link ShardOutcome}.
 *
 * <p>Every attempt of the stage starts from the slices the driver holds after the last completed
 * stage, under a job id (and coordinator) of its own, so a retried stage repeats the lost attempt's
 * steps exactly and no frame of the lost attempt is accepted. A task that fails closes its shard,
 * which fails the other tasks' steps at once rather than at the transport's timeout, and the
 * driver runs the whole stage again.
 *
 * @param run what every stage of the run shares
 * @param jobId this attempt's job id, drawn by the driver for each attempt
 * @param attempt the attempt, from 0 (for {@link FaultInjection})
 * @param steps the stage's steps
 * @param coordinator where the attempt's coordinator listens
 */
record ShardedEpochTask(ShardedRun run, long jobId, int attempt, LocalSteps steps, CoordinatorEndpoint coordinator)
    implements Function1<Iterator<WorkerShard>, Iterator<ShardOutcome>>, Serializable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardedEpochTask.class);

  /**
   * The coordinator's socket address, and its in-JVM address for tasks that run in the driver's JVM
   * (Spark's local mode).
   */
  record CoordinatorEndpoint(String host, int port, String inJvmId) implements Serializable {
    SocketAddress from(String executorId) {
      return SparkContext$.MODULE$.DRIVER_IDENTIFIER().equals(executorId) ? new LocalAddress(inJvmId)
          : new InetSocketAddress(host, port);
    }
  }

  @Override
  public Iterator<ShardOutcome> apply(Iterator<WorkerShard> partition) {
    BarrierTaskContext context = BarrierTaskContext.get();
    int worker = context.partitionId();
    WorkerShard shard = partition.next();
    ShardedPsConfig config = run.config(jobId);
    String host = SparkEnv.get().blockManager().blockManagerId().host();
    String executor = SparkEnv.get().executorId();
    Runnable unlessKilled = context::killTaskIfInterrupted;
    try (CoordinatorClient driver = CoordinatorClient.connect(config, run.secret(), worker, coordinator.from(executor),
            unlessKilled);
        ShardServer server = driver.startShard(run.optimizer(), steps.firstGlobalStep(), new InetSocketAddress(host, 0))) {
      InetSocketAddress bound = server.address();
      List<SocketAddress> shards = addresses(executor, PromptBarrier.allGather(context, String.join(" ", executor,
          server.inJvmAddress().id(), bound.getAddress().getHostAddress() + ":" + bound.getPort())));
      ShardOutcome outcome;
      try (ShardClient client = ShardClient.connect(config, run.secret(), worker, shards, unlessKilled)) {
        outcome = train(context, client, driver, shard);
      }
      // Every worker pulls its last slices from this shard before it closes. (A barrier() would
      // do too, but Spark polls barriers once a second.)
      server.awaitPulls(steps.globalStep(outcome.steps() - 1), unlessKilled);
      driver.store(server);
      return scala.collection.Iterator$.MODULE$.single(outcome);
    }
  }

  private ShardOutcome train(BarrierTaskContext context, ShardClient client, CoordinatorClient driver,
      WorkerShard shard) {
    int worker = shard.worker();
    int count = steps.count();
    // The gradient and the parameters live in two arrays reused by every step.
    float[] gradientSum = new float[run.config().parameters()];
    float[] parameters = client.parameters(new float[run.config().parameters()]);
    long sent = 0;
    long received = 0;
    String divergence = null;
    int done = 0;
    long started = System.nanoTime();
    while (done < count && divergence == null) {
      long step = steps.globalStep(done);
      context.killTaskIfInterrupted();
      run.fault().check(attempt, worker, step);
      GradientSum gradient = run.worker().gradient(shard, parameters, steps.epoch(), steps.first() + done, step,
          gradientSum);
      StepResult result = client.step(gradient.sum(), gradient.lossSum(), gradient.count(), steps.epoch(), parameters);
      sent += result.bytesSent();
      received += result.bytesReceived();
      divergence = divergence(result);
      done++;
      if (worker == 0) {
        driver.report(new StepProgress(step, result.examples(), result.meanLoss(), (System.nanoTime() - started) / 1e9,
            divergence));
        if ((step + 1) % run.logEverySteps() == 0) {
          LOG.info("sharded-ps epoch {} step {} ({} of {}): loss {}", steps.epoch() + 1, step, done, count,
              result.meanLoss());
        }
      }
    }
    return new ShardOutcome(worker, done, sent, received, divergence);
  }

  /** What is not finite after a step, the same on every worker; null when all is. */
  private static String divergence(StepResult result) {
    if (!Double.isFinite(result.meanLoss())) {
      return "the loss is " + result.meanLoss();
    }
    return TrainingDivergedException.allFinite(result.parameters()) ? null
        : "the updated parameters hold NaN or infinite values";
  }

  /**
   * The shards' addresses in shard order, from each task's {@code executorId inJvmId host:port}: the
   * in-JVM address of a shard on this task's executor ({@code executor}), else its socket address
   * (the host may be an IPv6 literal). Executor ids hold no spaces.
   */
  private static List<SocketAddress> addresses(String executor, String[] gathered) {
    List<SocketAddress> addresses = new ArrayList<>();
    for (String entry : gathered) {
      String[] parts = entry.split(" ");
      if (parts[0].equals(executor)) {
        addresses.add(new LocalAddress(parts[1]));
      } else {
        int colon = parts[2].lastIndexOf(':');
        addresses.add(new InetSocketAddress(parts[2].substring(0, colon), Integer.parseInt(parts[2].substring(colon + 1))));
      }
    }
    return addresses;
  }
}
