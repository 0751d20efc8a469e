package io.sparktrain.ps.shard;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side that a shard and the {@link ShardCoordinator} share: one event-loop thread of
 * its own, a TCP listener on the address it is given and an in-JVM listener (Netty's local
 * transport, for workers in the same JVM: the same frames and handshake, handed over as buffers),
 * the connection of each authenticated worker, and the count of rejected frames and connections.
 * Every connection gets a {@link FrameCodec.Decoder} and a handler of its owner's.
 */
final class Endpoint {
  private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);
  private final ShardedPsConfig config;
  private final ParameterServerSecret secret;
  private final int id;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong rejected = new AtomicLong();
  private final Channel[] workerChannels;
  private final EventLoopGroup group;
  private Channel listener;
  private Channel inJvmListener;

  /** @param id the shard index, or {@link ShardCoordinator#ENDPOINT}: the shard field of its frames */
  Endpoint(ShardedPsConfig config, ParameterServerSecret secret, int id) {
    this.config = config;
    this.secret = secret;
    this.id = id;
    this.workerChannels = new Channel[config.workers()];
    this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("sparktrain-ps-" + tag(id), true));
  }

  /** An endpoint in messages: "shard 3", "the coordinator". */
  static String name(int id) {
    return id == ShardCoordinator.ENDPOINT ? "the coordinator" : "shard " + id;
  }

  private static String tag(int id) {
    return id == ShardCoordinator.ENDPOINT ? "coordinator" : "shard-" + id;
  }

  /**
   * Listens on {@code bindAddress} and in the JVM, each connection served by a new handler from
   * {@code handlers}; stops the endpoint's thread when an address cannot be bound.
   *
   * @throws ShardTransportException when an address cannot be bound
   */
  void listen(InetSocketAddress bindAddress, Supplier<ChannelHandler> handlers) {
    if (bindAddress.getAddress() != null && bindAddress.getAddress().isAnyLocalAddress()) {
      LOG.warn("{} binds to the wildcard address {}: it is reachable from every network of this host", name(id),
          bindAddress);
    }
    ChannelInitializer<Channel> pipeline = new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel channel) {
        channel.pipeline().addLast(new FrameCodec.Decoder(config.maxFrameBytes()), handlers.get());
      }
    };
    try {
      listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(pipeline)
          .bind(bindAddress).syncUninterruptibly().channel();
      inJvmListener = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
          .childHandler(pipeline)
          .bind(new LocalAddress("sparktrain-ps-" + config.jobId() + "-" + tag(id) + "-"
              + Long.toHexString(random.nextLong())))
          .syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      close();
      throw new ShardTransportException(name(id) + " cannot listen on " + bindAddress + ": " + e.getMessage()
          + "; check that the address belongs to this host", e);
    }
  }

  /** The TCP address, with the actual port. */
  InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  /** The in-JVM address, unique in the JVM. */
  LocalAddress inJvmAddress() {
    return (LocalAddress) inJvmListener.localAddress();
  }

  /** The endpoint's one thread, which runs every connection. */
  EventLoop eventLoop() {
    return listener.eventLoop();
  }

  /** Closes the listeners and every connection and stops the thread, without waiting for it to end. */
  io.netty.util.concurrent.Future<?> close() {
    return EventLoops.shutDown(group, config.timeout());
  }

  ShardedPsConfig config() {
    return config;
  }

  ParameterServerSecret secret() {
    return secret;
  }

  int id() {
    return id;
  }

  SecureRandom random() {
    return random;
  }

  /** Counts rejected frames and connections. */
  AtomicLong rejections() {
    return rejected;
  }

  /** Each worker's authenticated connection, or null; endpoint thread only. */
  Channel[] workerChannels() {
    return workerChannels;
  }
}
