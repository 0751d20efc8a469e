package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's connection to a shard, after the handshake of {@link AuthenticatedHandler}: its
 * PARAMS, PUSH and PULL frames. Runs on the shard's single thread, like every other connection of
 * the shard, so the shared {@link ShardCore} needs no lock.
 */
final class ServerHandler extends AuthenticatedHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ServerHandler.class);
  private final ShardServer server;
  private final long jobId;
  private final int shard;

  ServerHandler(ShardServer server) {
    super(server.endpoint());
    this.server = server;
    this.jobId = server.endpoint().config().jobId();
    this.shard = server.shard();
  }

  @Override
  long nextStep() {
    return server.core().collecting();
  }

  @Override
  void handle(ChannelHandlerContext ctx, Frame frame, int worker) {
    try {
      switch (frame.type()) {
        case PARAMS -> ctx.writeAndFlush(server.sliceFrame(ctx.alloc(), frame.step(), server.core().current(frame.step())));
        case PUSH -> push(frame, worker);
        case PULL -> pull(ctx, frame);
        default -> throw new FrameException("unexpected " + frame.type() + " from worker " + worker);
      }
    } catch (IllegalStateException e) {
      failStep(e.getMessage());
    }
  }

  private void push(Frame frame, int worker) {
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
      for (Channel channel : server.endpoint().workerChannels()) {
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

  /** A step that cannot be applied fails every worker: each gets an ERROR and its connection closes. */
  private void failStep(String reason) {
    LOG.error("shard {} of job {}: {}; failing every worker", shard, jobId, reason);
    for (Channel channel : server.endpoint().workerChannels()) {
      if (channel != null && channel.isActive()) {
        channel.writeAndFlush(FrameCodec.error(channel.alloc(), jobId, shard, server.core().collecting(), reason))
            .addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
