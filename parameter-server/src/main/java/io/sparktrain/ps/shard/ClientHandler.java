package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client's connection to one shard, after the handshake of {@link AnsweringHandler}: completes
 * the future of the reply the client waits for. The client sets a future before it sends the
 * request that the future awaits, so a reply never finds no future.
 */
final class ClientHandler extends AnsweringHandler {
  /** The shard's reply to a PUSH, once every worker pushed. */
  record Pushed(double squaredNorm, long examples, double lossSum) {}

  private final ShardedPsConfig config;
  private final int shard;
  private final AtomicLong bytesSent;
  private final AtomicLong bytesReceived;
  private volatile CompletableFuture<Pushed> pushed = new CompletableFuture<>();
  private volatile CompletableFuture<Void> sliced = new CompletableFuture<>();
  private volatile float[] target;
  private volatile long expectedStep;

  ClientHandler(ShardedPsConfig config, ParameterServerSecret secret, int shard, int worker, AtomicLong bytesSent,
      AtomicLong bytesReceived) {
    super(config, secret, shard, worker);
    this.config = config;
    this.shard = shard;
    this.bytesSent = bytesSent;
    this.bytesReceived = bytesReceived;
  }

  /** A future for the PUSHED reply of {@code step}; call before sending the PUSH. */
  CompletableFuture<Pushed> expectPushed(long step) {
    expectedStep = step;
    pushed = new CompletableFuture<>();
    return pushed;
  }

  /**
   * A future for the SLICE of {@code step} (the answer to a PULL of the step, or to a PARAMS after
   * it), written into {@code into} at the slice's offset.
   */
  CompletableFuture<Void> expectSlice(long step, float[] into) {
    expectedStep = step;
    target = into;
    sliced = new CompletableFuture<>();
    return sliced;
  }

  @Override
  void received(Frame frame) {
    bytesReceived.addAndGet(frame.wireBytes());
  }

  @Override
  void sent(ByteBuf frame) {
    bytesSent.addAndGet(frame.readableBytes());
  }

  @Override
  void handle(ChannelHandlerContext ctx, Frame frame) {
    ByteBuf payload = frame.payload();
    switch (frame.type()) {
      case PUSHED -> {
        frame.requirePayload(24);
        requireStep(frame);
        pushed.complete(new Pushed(payload.readDouble(), payload.readLong(), payload.readDouble()));
      }
      case SLICE -> {
        requireStep(frame);
        SliceLayout layout = config.layout();
        frame.requirePayload(4 * layout.length(shard));
        FrameCodec.readFloats(payload, target, layout.offset(shard), layout.length(shard));
        sliced.complete(null);
      }
      default -> throw new FrameException("unexpected " + frame.type());
    }
  }

  private void requireStep(Frame frame) {
    if (frame.step() != expectedStep) {
      throw new FrameException(frame.type() + " of step " + frame.step() + " while waiting for step " + expectedStep);
    }
  }

  @Override
  void fail(ShardTransportException failure) {
    pushed.completeExceptionally(failure);
    sliced.completeExceptionally(failure);
  }
}
