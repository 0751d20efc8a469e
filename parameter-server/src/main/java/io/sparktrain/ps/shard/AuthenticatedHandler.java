package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of one connection, to a shard or to the {@link ShardCoordinator}: it sends a
 * random nonce, admits nothing but a valid HMAC answer ({@link ParameterServerSecret}) within the
 * timeout, then passes the authenticated worker's frames to {@link #handle}. A frame for another
 * job or endpoint, or one that breaks the protocol (a {@link FrameException}, from the decoder or
 * from {@link #handle}), is logged, answered with an ERROR frame, counted, and its connection
 * closed; the endpoint and its other connections keep running. A worker is admitted once at a
 * time: a second connection while its first is open is refused. Runs on the endpoint's single
 * thread, like every other connection of the endpoint.
 */
abstract class AuthenticatedHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(AuthenticatedHandler.class);
  private final Endpoint endpoint;
  private final ShardedPsConfig config;
  private final String name;
  private final byte[] nonce = new byte[FrameCodec.NONCE_BYTES];
  private int worker = -1;
  private boolean rejected;

  /** @param endpoint the shard or coordinator this connection belongs to */
  AuthenticatedHandler(Endpoint endpoint) {
    this.endpoint = endpoint;
    this.config = endpoint.config();
    this.name = Endpoint.name(endpoint.id());
  }

  /** The step the AUTH_OK reply names: the next step of the endpoint. */
  abstract long nextStep();

  /** One frame of the authenticated worker, of this job and endpoint; its payload is released after. */
  abstract void handle(ChannelHandlerContext ctx, Frame frame, int worker);

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    endpoint.random().nextBytes(nonce);
    ctx.writeAndFlush(FrameCodec.challenge(ctx.alloc(), config.jobId(), endpoint.id(), nonce));
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
    if (frame.shard() != endpoint.id()) {
      throw new FrameException(frame.type() + " for " + Endpoint.name(frame.shard()) + " sent to " + name);
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
    if (!endpoint.secret().verifies(config.jobId(), endpoint.id(), claimed, nonce, proof)) {
      throw new FrameException("AUTH of worker " + claimed + " failed: wrong key for job " + config.jobId());
    }
    Channel current = endpoint.workerChannels()[claimed];
    if (current != null && current.isActive()) {
      throw new FrameException("worker " + claimed + " is already connected from " + current.remoteAddress());
    }
    endpoint.workerChannels()[claimed] = ctx.channel();
    worker = claimed;
    ctx.writeAndFlush(FrameCodec.authOk(ctx.alloc(), config.jobId(), endpoint.id(), nextStep()));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (worker >= 0 && endpoint.workerChannels()[worker] == ctx.channel()) {
      endpoint.workerChannels()[worker] = null;
    }
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
    endpoint.rejections().incrementAndGet();
    LOG.warn("{} of job {}: rejected {} ({}): {}; closing that connection, {} keeps serving", name,
        config.jobId(), ctx.channel().remoteAddress(), worker < 0 ? "unauthenticated" : "worker " + worker, reason,
        endpoint.id() == ShardCoordinator.ENDPOINT ? "the coordinator" : "the shard");
    if (ctx.channel().isActive()) {
      ctx.writeAndFlush(FrameCodec.error(ctx.alloc(), config.jobId(), endpoint.id(), nextStep(), reason))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }
}
