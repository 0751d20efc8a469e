package io.sparktrain.ps.shard;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sparktrain.kernels.optim.OptimizerStep;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A shard host's connection to the {@link ShardCoordinator}: the task that hosts shard {@code s}
 * (and trains as worker {@code s}) starts its shard from the slices the coordinator holds ({@link
 * #startShard}), reports its steps while they run ({@link #report}, worker 0 does), and hands the
 * shard's final slices back after its last step ({@link #store}).
 *
 * <p>Order of calls: {@link #connect}, {@link #startShard}, any number of {@link #report}s, {@link
 * #store}, {@link #close}. Not thread-safe: one thread drives a client.
 */
public final class CoordinatorClient implements AutoCloseable {
  private final ShardedPsConfig config;
  private final ParameterServerSecret secret;
  private final int worker;
  private final EventLoopGroup group;
  private final Handler handler;
  private final Runnable whileWaiting;
  private Channel channel;

  private CoordinatorClient(ShardedPsConfig config, ParameterServerSecret secret, int worker, Runnable whileWaiting) {
    this.config = config;
    this.secret = secret;
    this.worker = worker;
    this.whileWaiting = whileWaiting;
    this.handler = new Handler(config, secret, worker);
    this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("sparktrain-ps-coordinator-client-" + worker, true));
  }

  /**
   * Connects the host of shard {@code worker} to the coordinator and authenticates.
   *
   * @param coordinator {@link ShardCoordinator#address()}, or its {@link ShardCoordinator#inJvmAddress()}
   *     from the coordinator's own JVM
   * @param whileWaiting run every {@link Replies#CHECK_MILLIS} while the client waits for the
   *     coordinator; it may throw to end the wait (a Spark task checks that it was not killed)
   * @throws ShardTransportException when the coordinator cannot be reached or refuses the key
   */
  public static CoordinatorClient connect(ShardedPsConfig config, ParameterServerSecret secret, int worker,
      SocketAddress coordinator, Runnable whileWaiting) {
    if (worker < 0 || worker >= config.workers()) {
      throw new IllegalArgumentException("worker " + worker + " outside [0, " + config.workers() + ")");
    }
    CoordinatorClient client = new CoordinatorClient(config, secret, worker, whileWaiting);
    try {
      Bootstrap bootstrap = new Bootstrap().group(client.group)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis()))
          .handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
              channel.pipeline().addLast(new FrameCodec.Decoder(config.maxFrameBytes()), client.handler);
            }
          });
      if (coordinator instanceof LocalAddress) {
        bootstrap.channel(LocalChannel.class);
      } else {
        bootstrap.channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true);
      }
      client.channel = bootstrap.connect(coordinator).syncUninterruptibly().channel();
      client.await(client.handler.authenticated(), "authentication");
    } catch (RuntimeException e) {
      client.close();
      if (e instanceof ShardTransportException) {
        throw e;
      }
      throw new ShardTransportException("the host of shard " + worker + " cannot reach the shard coordinator at "
          + coordinator + ": " + e + "; the executors must be able to connect to the driver", e);
    }
    return client;
  }

  /**
   * Starts this worker's shard from the slices the coordinator holds for it, before step {@code
   * step}, listening on {@code bindAddress}.
   *
   * @param optimizer the update rule, the same on every shard; it sizes the optimizer state
   * @throws ShardTransportException when the coordinator refuses or does not answer, or the address
   *     cannot be bound
   */
  public ShardServer startShard(OptimizerStep optimizer, long step, InetSocketAddress bindAddress) {
    SliceLayout layout = config.layout();
    int length = layout.length(worker);
    CompletableFuture<SnapshotParts.Assembly> fetched =
        handler.expectParts(new SnapshotParts.Assembly(SnapshotParts.of(config), length,
            optimizer.sliceStateLength(length)), step);
    channel.writeAndFlush(FrameCodec.fetch(channel.alloc(), config.jobId(), step));
    SnapshotParts.Assembly start = await(fetched, "the slices of shard " + worker + " before step " + step);
    return ShardServer.start(config, secret, new ShardCore(layout, optimizer, worker, step, start.parameters(),
        start.state()), bindAddress);
  }

  /** Reports a finished step; returns at once (the frame goes out in order, before a later {@link #store}). */
  public void report(StepProgress progress) {
    channel.writeAndFlush(FrameCodec.progress(channel.alloc(), config.jobId(), progress));
  }

  /**
   * Hands {@code shard}'s final slices to the coordinator and waits until it stored them. Call it
   * after the shard's last step, once every worker pulled that step ({@link ShardServer#awaitPulls}),
   * so that the slices no longer change.
   *
   * @throws ShardTransportException when the coordinator refuses or does not answer
   */
  public void store(ShardServer shard) {
    ShardCore core = shard.core();
    long step = core.collecting();
    CompletableFuture<Void> stored = handler.expectStored(step);
    SnapshotParts.of(config).send(channel, config.jobId(), step, core.parameters(), 0, config.layout().length(worker),
        core.state());
    await(stored, "STORED of the final slices of shard " + worker);
  }

  /** Closes the connection and stops the client's thread. Idempotent. */
  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    EventLoops.shutDown(group, config.timeout());
  }

  private <T> T await(CompletableFuture<T> future, String what) {
    try {
      return Replies.await(future, config.timeout(), whileWaiting);
    } catch (TimeoutException e) {
      throw new ShardTransportException("the host of shard " + worker + ": no " + what + " from the shard coordinator"
          + " within " + config.timeout() + "; check the driver's log", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof ShardTransportException failure
          ? new ShardTransportException("the host of shard " + worker + ": " + failure.getMessage(), failure)
          : new ShardTransportException("the host of shard " + worker + ": " + what + " failed: " + e.getCause(),
              e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShardTransportException("the host of shard " + worker + " was interrupted waiting for " + what, e);
    }
  }

  /** Takes the coordinator's STATE parts and STORED reply. */
  private static final class Handler extends AnsweringHandler {
    private volatile CompletableFuture<SnapshotParts.Assembly> fetched = new CompletableFuture<>();
    private volatile SnapshotParts.Assembly parts;
    private volatile long expectedStep;
    private volatile CompletableFuture<Void> stored = new CompletableFuture<>();

    Handler(ShardedPsConfig config, ParameterServerSecret secret, int worker) {
      super(config, secret, ShardCoordinator.ENDPOINT, worker);
    }

    CompletableFuture<SnapshotParts.Assembly> expectParts(SnapshotParts.Assembly into, long step) {
      parts = into;
      expectedStep = step;
      fetched = new CompletableFuture<>();
      return fetched;
    }

    CompletableFuture<Void> expectStored(long step) {
      expectedStep = step;
      stored = new CompletableFuture<>();
      return stored;
    }

    @Override
    void handle(ChannelHandlerContext ctx, Frame frame) {
      if (frame.step() != expectedStep) {
        throw new FrameException(frame.type() + " of step " + frame.step() + " while waiting for step " + expectedStep);
      }
      switch (frame.type()) {
        case STATE -> {
          if (parts == null) {
            throw new FrameException("STATE part that was not asked for");
          }
          if (parts.accept(frame)) {
            fetched.complete(parts);
            parts = null;
          }
        }
        case STORED -> {
          frame.requirePayload(0);
          stored.complete(null);
        }
        default -> throw new FrameException("unexpected " + frame.type());
      }
    }

    @Override
    void fail(ShardTransportException failure) {
      fetched.completeExceptionally(failure);
      stored.completeExceptionally(failure);
    }
  }
}
