package io.sparktrain.ps.shard;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One worker's connection to every shard of a job. Each {@link #step} is a reduce-scatter and an
 * all-gather: the worker pushes slice {@code s} of its gradient sum (with its example count and
 * loss sum) to shard {@code s}, waits for every shard's PUSHED reply, then pulls every updated
 * slice.
 *
 * <p>Clipping by global norm needs the norm of the whole combined gradient, which no shard sees.
 * Each shard's PUSHED reply carries the squared norm of its combined, prepared slice ({@link
 * io.sparktrain.kernels.optim.OptimizerStep#prepareSlice}); every worker sums the {@code W}
 * values in shard order, so all workers get the same double bit for bit, and sends the sum with
 * its PULL; the shard applies the step with it on the first PULL and refuses a PULL that brings a
 * different value. The norm thus rides on frames the step exchanges anyway: no extra round trip.
 *
 * <p>Order of calls: {@link #connect}, optionally {@link #parameters} (where the shards stand),
 * then {@link #step} once per global step, then {@link #close}. Not thread-safe: one training
 * thread drives a client.
 */
public final class ShardClient implements AutoCloseable {
  private final ShardedPsConfig config;
  private final int worker;
  private final EventLoopGroup group;
  private final List<Channel> channels = new ArrayList<>();
  private final List<ClientHandler> handlers = new ArrayList<>();
  private final GradientEncoder encoder;
  private final Runnable whileWaiting;
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private long nextStep;

  private ShardClient(ShardedPsConfig config, int worker, Runnable whileWaiting) {
    this.config = config;
    this.worker = worker;
    this.whileWaiting = whileWaiting;
    this.encoder = new GradientEncoder(config.compression(), config.layout());
    this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("sparktrain-ps-worker-" + worker, true));
  }

  /**
   * Connects worker {@code worker} to every shard and authenticates.
   *
   * @param shards the shards' addresses, shard {@code s} at index {@code s}; {@code config.workers()} of them:
   *     {@link ShardServer#address()}, or {@link ShardServer#inJvmAddress()} for a shard in this JVM
   * @throws ShardTransportException when a shard cannot be reached, refuses the key, or the
   *     shards disagree on the next step
   */
  public static ShardClient connect(ShardedPsConfig config, ParameterServerSecret secret, int worker,
      List<? extends SocketAddress> shards) {
    return connect(config, secret, worker, shards, () -> { });
  }

  /**
   * {@link #connect(ShardedPsConfig, ParameterServerSecret, int, List)} for a caller that checks,
   * every {@link Replies#CHECK_MILLIS} while the client waits for the shards, that it still wants
   * their replies: {@code whileWaiting} may throw to end the wait (a Spark task checks that it was
   * not killed).
   */
  public static ShardClient connect(ShardedPsConfig config, ParameterServerSecret secret, int worker,
      List<? extends SocketAddress> shards, Runnable whileWaiting) {
    if (worker < 0 || worker >= config.workers()) {
      throw new IllegalArgumentException("worker " + worker + " outside [0, " + config.workers() + ")");
    }
    if (shards.size() != config.workers()) {
      throw new IllegalArgumentException(
          "a job of " + config.workers() + " workers has as many shards, got " + shards.size() + " addresses");
    }
    ShardClient client = new ShardClient(config, worker, whileWaiting);
    try {
      List<CompletableFuture<Long>> ready = new ArrayList<>();
      for (int s = 0; s < shards.size(); s++) {
        ClientHandler handler = new ClientHandler(config, secret, s, worker, client.bytesSent, client.bytesReceived);
        Bootstrap bootstrap = new Bootstrap().group(client.group)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis()))
            .handler(new ChannelInitializer<>() {
              @Override
              protected void initChannel(Channel channel) {
                channel.pipeline().addLast(new FrameCodec.Decoder(config.maxFrameBytes()), handler);
              }
            });
        if (shards.get(s) instanceof LocalAddress) {
          bootstrap.channel(LocalChannel.class);
        } else {
          bootstrap.channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true);
        }
        Channel channel = bootstrap.connect(shards.get(s)).syncUninterruptibly().channel();
        client.channels.add(channel);
        client.handlers.add(handler);
        ready.add(handler.authenticated());
      }
      List<Long> steps = client.await(ready, "authentication");
      client.nextStep = steps.get(0);
      if (steps.stream().distinct().count() != 1) {
        throw new ShardTransportException("the shards are at different steps " + steps
            + "; restart every shard from the same snapshot step");
      }
    } catch (RuntimeException e) {
      client.close();
      if (e instanceof ShardTransportException) {
        throw e;
      }
      throw new ShardTransportException("worker " + worker + " cannot connect to the shards " + shards + ": " + e, e);
    }
    return client;
  }

  /**
   * The parameters as the shards hold them before the next step, written into {@code into} (one
   * entry per parameter, every one overwritten) and returned: where a worker joining at that step
   * starts, an all-gather of every shard's slice. Call it before that step's {@link #step}.
   *
   * @throws ShardTransportException when a shard fails, refuses the request or times out
   */
  public float[] parameters(float[] into) {
    if (into.length != config.parameters()) {
      throw new IllegalArgumentException("the parameters need " + config.parameters() + " entries, got " + into.length);
    }
    long step = nextStep - 1;
    List<CompletableFuture<Void>> slices = new ArrayList<>();
    for (int s = 0; s < channels.size(); s++) {
      slices.add(handlers.get(s).expectSlice(step, into));
      send(s, FrameCodec.params(channels.get(s).alloc(), config.jobId(), s, step));
    }
    await(slices, "SLICE before step " + nextStep);
    return into;
  }

  /** Index of the next step, as the shards reported it on connect and advanced by each {@link #step}. */
  public long nextStep() {
    return nextStep;
  }

  /**
   * Runs one global step: pushes this worker's gradient sum, waits for every worker's push to
   * reach every shard, and pulls the updated parameters.
   *
   * @param gradientSum this worker's summed (not mean) gradient over its examples, one entry per
   *     parameter; null when it had no example. Only read.
   * @param lossSum this worker's summed per-example loss
   * @param examples this worker's example count, {@code >= 0}
   * @param epoch the zero-based epoch, for epoch-based schedules; the same on every worker
   * @throws ShardTransportException when a shard fails, refuses a frame or times out
   */
  public StepResult step(float[] gradientSum, double lossSum, long examples, int epoch) {
    return step(gradientSum, lossSum, examples, epoch, new float[config.parameters()]);
  }

  /**
   * {@link #step(float[], double, long, int)} that writes the updated parameters into {@code into}
   * (one entry per parameter, every one overwritten), the array the result then holds: a worker
   * that reuses one array for every step spares allocating the model's size each step. {@code
   * into} must not be {@code gradientSum}.
   */
  public StepResult step(float[] gradientSum, double lossSum, long examples, int epoch, float[] into) {
    if (gradientSum != null && gradientSum.length != config.parameters()) {
      throw new IllegalArgumentException(
          "gradient has " + gradientSum.length + " entries, the model " + config.parameters());
    }
    if (into.length != config.parameters() || into == gradientSum) {
      throw new IllegalArgumentException("the parameters need an array of their own of " + config.parameters()
          + " entries, got " + (into == gradientSum ? "the gradient's" : into.length + " entries"));
    }
    long sentBefore = bytesSent.get();
    long receivedBefore = bytesReceived.get();
    long step = nextStep;
    List<CompletableFuture<ClientHandler.Pushed>> pushes = new ArrayList<>();
    for (int s = 0; s < channels.size(); s++) {
      pushes.add(handlers.get(s).expectPushed(step));
      send(s, encoder.push(channels.get(s).alloc(), config.jobId(), s, step, epoch, examples, lossSum, gradientSum));
    }
    List<ClientHandler.Pushed> replies = await(pushes, "PUSHED of step " + step);
    double squaredNorm = 0;
    for (ClientHandler.Pushed reply : replies) {
      squaredNorm += reply.squaredNorm();
    }
    List<CompletableFuture<Void>> slices = new ArrayList<>();
    for (int s = 0; s < channels.size(); s++) {
      slices.add(handlers.get(s).expectSlice(step, into));
      send(s, FrameCodec.pull(channels.get(s).alloc(), config.jobId(), s, step, squaredNorm));
    }
    await(slices, "SLICE of step " + step);
    nextStep = step + 1;
    ClientHandler.Pushed first = replies.get(0);
    return new StepResult(step, first.examples(), first.lossSum() / first.examples(), into,
        bytesSent.get() - sentBefore, bytesReceived.get() - receivedBefore);
  }

  /** Bytes written to the shards since {@link #connect}, frame headers and handshake included. */
  public long bytesSent() {
    return bytesSent.get();
  }

  /** Bytes read from the shards since {@link #connect}, frame headers and handshake included. */
  public long bytesReceived() {
    return bytesReceived.get();
  }

  /** Closes every connection and stops the client's thread. Idempotent. */
  @Override
  public void close() {
    channels.forEach(channel -> channel.close().syncUninterruptibly());
    EventLoops.shutDown(group, config.timeout());
    encoder.release();
  }

  private void send(int shard, ByteBuf frame) {
    bytesSent.addAndGet(frame.readableBytes());
    channels.get(shard).writeAndFlush(frame);
  }

  /**
   * Every future's value, once all are done; fails as soon as one fails (a closed shard), without
   * waiting for the others, which may never come (the other workers stop pushing).
   */
  private <T> List<T> await(List<CompletableFuture<T>> futures, String what) {
    CompletableFuture<Void> firstFailure = new CompletableFuture<>();
    futures.forEach(future -> future.whenComplete((value, failure) -> {
      if (failure != null) {
        firstFailure.completeExceptionally(failure);
      }
    }));
    try {
      Replies.await(CompletableFuture.anyOf(CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])),
          firstFailure), config.timeout(), whileWaiting);
    } catch (TimeoutException e) {
      List<Integer> silent = new ArrayList<>();
      for (int s = 0; s < futures.size(); s++) {
        if (!futures.get(s).isDone()) {
          silent.add(s);
        }
      }
      throw new ShardTransportException("worker " + worker + ": no " + what + " from shards " + silent + " within "
          + config.timeout() + "; another worker or a shard is down or stuck, check its executor's log", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof ShardTransportException failure
          ? new ShardTransportException("worker " + worker + ": " + failure.getMessage(), failure)
          : new ShardTransportException("worker " + worker + ": " + what + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShardTransportException("worker " + worker + " interrupted waiting for " + what, e);
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }
}
