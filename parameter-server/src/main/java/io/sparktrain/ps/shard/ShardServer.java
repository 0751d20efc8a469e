package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.local.LocalAddress;
import io.sparktrain.kernels.optim.OptimizerStep;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard of the sharded parameter server: owns slice {@code s} of the parameters and of the
 * optimizer state, and serves the {@code W} {@link ShardClient}s of its job over TCP, and those in
 * its own JVM (the worker of the same Spark task, or of another task on the same executor) over
 * Netty's in-JVM transport at {@link #inJvmAddress()}: the same frames, handshake and checks,
 * handed over as buffers instead of through the kernel's loopback.
 *
 * <p>Per global step {@code t} the shard takes one PUSH of its slice from each worker, combines
 * them weighted by example count, answers every worker with its slice's squared norm and the
 * step's example count and loss sum, applies exactly one {@link OptimizerStep#applySlice} on the
 * first PULL of {@code t} (which carries the global squared norm for clipping, see {@link
 * ShardClient}), and serves the updated slice to every PULL of {@code t}.
 *
 * <p>Security: the server binds only to the address it is given (a Spark task passes its
 * executor's host, port 0), sends every new connection a random nonce and accepts nothing but a
 * valid HMAC answer ({@link ParameterServerSecret}) within the timeout. A frame with a bad magic,
 * version, type or length, for another job or shard, for an unexpected step, or with a malformed
 * payload is logged, answered with an ERROR frame, and its connection closed; the shard and its
 * other connections keep running, and {@link #rejectedFrames} counts such rejections.
 *
 * <p>Lifecycle: {@link #start}, share {@link #address()} with the workers, run the steps, take a
 * {@link #snapshot()} if needed, {@link #close()}. All networking and arithmetic run on one
 * thread of the shard's own; the public methods are thread-safe.
 */
public final class ShardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardServer.class);
  private final Endpoint endpoint;
  private final int shard;
  private final ShardCore core;
  /** The SLICE frame of the last applied step, kept for the next step's; shard thread only. */
  private ByteBuf sliceFrame;
  private long sliceFrameStep = -1;

  private ShardServer(ShardedPsConfig config, ParameterServerSecret secret, ShardCore core) {
    this.endpoint = new Endpoint(config, secret, core.shard());
    this.shard = core.shard();
    this.core = core;
  }

  /**
   * Starts shard {@code start.shard()} listening on {@code bindAddress}.
   *
   * @param config the job's shared settings
   * @param secret the job's key
   * @param optimizer the update rule, the same on every shard
   * @param start the shard's slice and state, from {@link ShardSnapshot#initial} or {@link ShardSnapshot#resumed}
   * @param bindAddress host and port to listen on; port 0 picks a free port, see {@link #address()}
   * @throws ShardTransportException when the address cannot be bound
   */
  public static ShardServer start(ShardedPsConfig config, ParameterServerSecret secret, OptimizerStep optimizer,
      ShardSnapshot start, InetSocketAddress bindAddress) {
    return start(config, secret, new ShardCore(config.layout(), optimizer, start.shard(), start.step(),
        start.parameters(), start.updaterState()), bindAddress);
  }

  /** Starts the shard {@code core} holds (its arrays are the shard's from now on) on {@code bindAddress}. */
  static ShardServer start(ShardedPsConfig config, ParameterServerSecret secret, ShardCore core,
      InetSocketAddress bindAddress) {
    ShardServer server = new ShardServer(config, secret, core);
    server.endpoint.listen(bindAddress, () -> new ServerHandler(server));
    LOG.info("shard {} of job {} listening on {} from step {}", server.shard, config.jobId(), server.address(),
        core.collecting());
    return server;
  }

  /** The address the shard listens on, with the actual port; the workers connect here. */
  public InetSocketAddress address() {
    return endpoint.address();
  }

  /**
   * The shard's address for workers in the same JVM, unique in the JVM; {@link ShardClient#connect}
   * given it reaches the shard without a socket.
   */
  public LocalAddress inJvmAddress() {
    return endpoint.inJvmAddress();
  }

  /** The slice this shard owns. */
  public int shard() {
    return shard;
  }

  /** Number of frames and connections rejected so far (bad frames, failed authentication). */
  public long rejectedFrames() {
    return endpoint.rejections().get();
  }

  /**
   * The shard's parameters, optimizer state and next step, consistent between steps: taken on
   * the shard's thread, so it never shows half an update.
   *
   * @throws ShardTransportException when the shard's thread does not answer within the timeout
   */
  public ShardSnapshot snapshot() {
    return onShardThread(core::snapshot, "a snapshot");
  }

  /**
   * {@code work}'s result, computed on the shard's thread between frames, so that it sees the
   * shard's arrays as they are between steps.
   *
   * @param what what the work produces, for the error message
   * @throws ShardTransportException when the shard's thread does not answer within the timeout
   */
  <T> T onShardThread(Callable<T> work, String what) {
    try {
      return endpoint.eventLoop().submit(work).get(endpoint.config().timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ShardTransportException("shard " + shard + " did not produce " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShardTransportException("interrupted while shard " + shard + " produced " + what, e);
    }
  }

  /**
   * Waits until every worker has pulled this shard's slice of {@code step}, so that closing the
   * shard after its last step cuts no worker off.
   *
   * @param whileWaiting called between checks, such as a check that the task was killed (it may throw)
   * @throws ShardTransportException when the pulls do not come within the timeout
   */
  public void awaitPulls(long step, Runnable whileWaiting) {
    long deadline = System.nanoTime() + endpoint.config().timeout().toNanos();
    try {
      while (!endpoint.eventLoop().submit(() -> core.pulledByAll(step)).get()) {
        if (System.nanoTime() > deadline) {
          throw new ShardTransportException("shard " + shard + ": not every worker pulled step " + step + " within "
              + endpoint.config().timeout());
        }
        whileWaiting.run();
        Thread.sleep(2);
      }
    } catch (ExecutionException e) {
      throw new ShardTransportException("shard " + shard + " failed while workers pulled step " + step, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShardTransportException("interrupted while waiting for the pulls of step " + step, e);
    }
  }

  /** Closes the listener and every connection, and stops the shard's thread. Idempotent. */
  @Override
  public void close() {
    endpoint.close().addListener(stopped -> {
      if (sliceFrame != null) {
        sliceFrame.release();
        sliceFrame = null;
      }
    });
  }

  /**
   * The SLICE frame of {@code step} for one worker's pull: encoded once per step and shared by
   * every worker's pull (each gets a retained duplicate), so a step costs one encoding of the
   * slice, not one per worker, into a buffer kept from step to step. Shard thread only.
   */
  ByteBuf sliceFrame(ByteBufAllocator alloc, long step, float[] parameters) {
    if (sliceFrame == null || sliceFrameStep != step) {
      sliceFrame = FrameCodec.slice(FrameCodec.reuse(sliceFrame, alloc, FrameCodec.HEADER_BYTES + 4 * parameters.length),
          endpoint.config().jobId(), shard, step, parameters);
      sliceFrameStep = step;
    }
    return sliceFrame.retainedDuplicate();
  }

  Endpoint endpoint() {
    return endpoint;
  }

  ShardCore core() {
    return core;
  }
}
