package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of one connection, to a shard or to the {@link ShardCoordinator}: it sends a
 * random nonce, admits nothing but a valid HMAC answer ({@link ParameterServerSecret}) within the
 * timeout, then passes the authenticated worker's frames to {@link #handle}. A frame for another
 * job or endpoint, or one that breaks the protocol (a {@link FrameException}, from the decoder or
 * from {@link #handle}), is logged, answered with an ERROR frame, counted, and its connection
 * closed; the endpoint and its other connections keep running. Runs on the endpoint's single
 * thread, like every other connection of the endpoint.
 */
abstract class AuthenticatedHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(AuthenticatedHandler.class);
  private final ShardedPsConfig config;
  private final ParameterServerSecret secret;
  private final int endpoint;
  private final String name;
  private final SecureRandom random;
  private final AtomicLong rejections;
  private final byte[] nonce = new byte[FrameCodec.NONCE_BYTES];
  private int worker = -1;
  private boolean rejected;

  /**
   * @param config the job's settings: its id, its number of workers, the timeout
   * @param secret the job's key
   * @param endpoint the shard index, or {@link ShardCoordinator#ENDPOINT}: the header's shard field of every frame
   * @param name the endpoint in log lines, such as "shard 3"
   * @param random where nonces come from
   * @param rejections counts rejected frames and connections
   */
  AuthenticatedHandler(ShardedPsConfig config, ParameterServerSecret secret, int endpoint, String name,
      SecureRandom random, AtomicLong rejections) {
    this.config = config;
    this.secret = secret;
    this.endpoint = endpoint;
    this.name = name;
    this.random = random;
    this.rejections = rejections;
  }

  /**
   * Takes the authenticated worker's connection, or refuses it with a {@link FrameException}
   * (another connection of the same worker, say).
   */
  abstract void admit(ChannelHandlerContext ctx, int worker);

  /** The step the AUTH_OK reply names: the next step of the endpoint. */
  abstract long nextStep();

  /** One frame of the authenticated worker, of this job and endpoint; its payload is released after. */
  abstract void handle(ChannelHandlerContext ctx, Frame frame, int worker);

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    random.nextBytes(nonce);
    ctx.writeAndFlush(FrameCodec.challenge(ctx.alloc(), config.jobId(), endpoint, nonce));
    ctx.executor().schedule(() -> {
      if (worker < 0 && ctx.channel().isActive()) {
        reject(ctx, "no valid authentication within " + config.timeout());
      }
    }, config.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    Frame frame = (Frame) message;
    try {
      if (!rejected) {
        route(ctx, frame);
      }
    } catch (FrameException e) {
      reject(ctx, e.getMessage());
    } finally {
      frame.payload().release();
    }
  }

  private void route(ChannelHandlerContext ctx, Frame frame) {
    if (frame.jobId() != config.jobId()) {
      throw new FrameException(frame.type() + " of job " + frame.jobId() + " sent to " + name + " of job "
          + config.jobId());
    }
    if (frame.shard() != endpoint) {
      throw new FrameException(frame.type() + " for " + endpointName(frame.shard()) + " sent to " + name);
    }
    if (worker >= 0) {
      handle(ctx, frame, worker);
      return;
    }
    if (frame.type() != FrameType.AUTH) {
      throw new FrameException(frame.type() + " before authentication");
    }
    frame.requirePayload(4 + FrameCodec.PROOF_BYTES);
    ByteBuf payload = frame.payload();
    int claimed = payload.readInt();
    byte[] proof = new byte[FrameCodec.PROOF_BYTES];
    payload.readBytes(proof);
    if (claimed < 0 || claimed >= config.workers()) {
      throw new FrameException("AUTH for worker " + claimed + " outside [0, " + config.workers() + ")");
    }
    if (!secret.verifies(config.jobId(), endpoint, claimed, nonce, proof)) {
      throw new FrameException("AUTH of worker " + claimed + " failed: wrong key for job " + config.jobId());
    }
    admit(ctx, claimed);
    worker = claimed;
    ctx.writeAndFlush(FrameCodec.authOk(ctx.alloc(), config.jobId(), endpoint, nextStep()));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof FrameException) {
      reject(ctx, cause.getMessage());
    } else if (cause instanceof IOException) {
      LOG.debug("{}: connection from {} failed: {}", name, ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    } else {
      LOG.warn("{}: closing the connection from {} after an unexpected error", name, ctx.channel().remoteAddress(),
          cause);
      ctx.close();
    }
  }

  /** Logs, counts and answers a rejection, then closes the connection; once per connection. */
  void reject(ChannelHandlerContext ctx, String reason) {
    if (rejected) {
      return;
    }
    rejected = true;
    rejections.incrementAndGet();
    LOG.warn("{} of job {}: rejected {} ({}): {}; closing that connection, the {} keeps serving", name,
        config.jobId(), ctx.channel().remoteAddress(), worker < 0 ? "unauthenticated" : "worker " + worker, reason,
        endpoint == ShardCoordinator.ENDPOINT ? "coordinator" : "shard");
    if (ctx.channel().isActive()) {
      ctx.writeAndFlush(FrameCodec.error(ctx.alloc(), config.jobId(), endpoint, nextStep(), reason))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** The worker this connection authenticated as, or -1 before it did. */
  int worker() {
    return worker;
  }

  static String endpointName(int endpoint) {
    return endpoint == ShardCoordinator.ENDPOINT ? "the coordinator" : "shard " + endpoint;
  }
}
