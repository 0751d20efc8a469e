package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a shard: the challenge, then PUSH and PULL frames of one authenticated
 * worker. Runs on the shard's single thread, like every other connection of the shard, so the
 * shared {@link ShardCore} needs no lock.
 */
final class ServerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ServerHandler.class);
  private final ShardServer server;
  private final long jobId;
  private final int shard;
  private final byte[] nonce = new byte[FrameCodec.NONCE_BYTES];
  private int worker = -1;
  private boolean rejected;

  ServerHandler(ShardServer server) {
    this.server = server;
    this.jobId = server.config().jobId();
    this.shard = server.shard();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    server.random().nextBytes(nonce);
    ctx.writeAndFlush(FrameCodec.challenge(ctx.alloc(), jobId, shard, nonce));
    ctx.executor().schedule(() -> {
      if (worker < 0 && ctx.channel().isActive()) {
        reject(ctx, "no valid authentication within " + server.config().timeout());
      }
    }, server.config().timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    Frame frame = (Frame) message;
    try {
      if (!rejected) {
        handle(ctx, frame);
      }
    } catch (FrameException e) {
      reject(ctx, e.getMessage());
    } catch (IllegalStateException e) {
      failStep(ctx, e.getMessage());
    } finally {
      frame.payload().release();
    }
  }

  private void handle(ChannelHandlerContext ctx, Frame frame) {
    if (frame.jobId() != jobId) {
      throw new FrameException(frame.type() + " of job " + frame.jobId() + " sent to a shard of job " + jobId);
    }
    if (frame.shard() != shard) {
      throw new FrameException(frame.type() + " for shard " + frame.shard() + " sent to shard " + shard);
    }
    if (worker < 0) {
      authenticate(ctx, frame);
      return;
    }
    switch (frame.type()) {
      case PUSH -> push(ctx, frame);
      case PULL -> pull(ctx, frame);
      default -> throw new FrameException("unexpected " + frame.type() + " from worker " + worker);
    }
  }

  private void authenticate(ChannelHandlerContext ctx, Frame frame) {
    if (frame.type() != FrameType.AUTH) {
      throw new FrameException(frame.type() + " before authentication");
    }
    frame.requirePayload(4 + FrameCodec.PROOF_BYTES);
    ByteBuf payload = frame.payload();
    int claimed = payload.readInt();
    byte[] proof = new byte[FrameCodec.PROOF_BYTES];
    payload.readBytes(proof);
    if (claimed < 0 || claimed >= server.config().workers()) {
      throw new FrameException("AUTH for worker " + claimed + " outside [0, " + server.config().workers() + ")");
    }
    if (!server.secret().verifies(jobId, shard, claimed, nonce, proof)) {
      throw new FrameException("AUTH of worker " + claimed + " failed: wrong key for job " + jobId);
    }
    Channel current = server.workerChannels()[claimed];
    if (current != null && current.isActive()) {
      throw new FrameException("worker " + claimed + " is already connected from " + current.remoteAddress());
    }
    worker = claimed;
    server.workerChannels()[claimed] = ctx.channel();
    ctx.writeAndFlush(FrameCodec.authOk(ctx.alloc(), jobId, shard, server.core().collecting()));
  }

  private void push(ChannelHandlerContext ctx, Frame frame) {
    ByteBuf payload = frame.payload();
    if (payload.readableBytes() < FrameCodec.PUSH_PREFIX_BYTES) {
      throw new FrameException("PUSH payload of " + payload.readableBytes() + " bytes is shorter than its "
          + FrameCodec.PUSH_PREFIX_BYTES + "-byte prefix");
    }
    int epoch = payload.readInt();
    long examples = payload.readLong();
    double lossSum = payload.readDouble();
    byte encoding = payload.readByte();
    int count = payload.readInt();
    ShardCore core = server.core();
    float[] slice = core.pushBuffer(worker, frame.step(), epoch);
    GradientEncoder.decode(payload, encoding, count, slice);
    if (core.accept(worker, epoch, examples, lossSum)) {
      for (Channel channel : server.workerChannels()) {
        if (channel != null && channel.isActive()) {
          channel.writeAndFlush(FrameCodec.pushed(channel.alloc(), jobId, shard, frame.step(),
              core.sliceSquaredNorm(), core.examples(), core.lossSum()));
        }
      }
    }
  }

  private void pull(ChannelHandlerContext ctx, Frame frame) {
    frame.requirePayload(8);
    float[] parameters = server.core().pull(frame.step(), frame.payload().readDouble());
    ctx.writeAndFlush(server.sliceFrame(ctx.alloc(), frame.step(), parameters));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (root instanceof FrameException) {
      reject(ctx, root.getMessage());
    } else if (root instanceof IOException) {
      LOG.debug("shard {}: connection from {} failed: {}", shard, ctx.channel().remoteAddress(), root.toString());
      ctx.close();
    } else {
      LOG.warn("shard {}: closing the connection from {} after an unexpected error", shard,
          ctx.channel().remoteAddress(), root);
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (worker >= 0 && server.workerChannels()[worker] == ctx.channel()) {
      server.workerChannels()[worker] = null;
    }
  }

  private void reject(ChannelHandlerContext ctx, String reason) {
    if (rejected) {
      return;
    }
    rejected = true;
    server.countRejection();
    LOG.warn("shard {} of job {}: rejected {} ({}): {}; closing that connection, the shard keeps serving", shard,
        jobId, ctx.channel().remoteAddress(), worker < 0 ? "unauthenticated" : "worker " + worker, reason);
    if (ctx.channel().isActive()) {
      ctx.writeAndFlush(FrameCodec.error(ctx.alloc(), jobId, shard, server.core().collecting(), reason))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void failStep(ChannelHandlerContext ctx, String reason) {
    LOG.error("shard {} of job {}: {}; failing every worker", shard, jobId, reason);
    for (Channel channel : server.workerChannels()) {
      if (channel != null && channel.isActive()) {
        channel.writeAndFlush(FrameCodec.error(channel.alloc(), jobId, shard, server.core().collecting(), reason))
            .addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
