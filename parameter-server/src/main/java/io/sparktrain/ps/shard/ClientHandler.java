package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client's connection to one shard: answers the challenge, then completes the future of the
 * reply the client waits for. The client sets a future before it sends the request that the
 * future awaits, so a reply never finds no future.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
  /** The shard's reply to a PUSH, once every worker pushed. */
  record Pushed(double squaredNorm, long examples, double lossSum) {}

  private final ShardedPsConfig config;
  private final ParameterServerSecret secret;
  private final int shard;
  private final int worker;
  private final AtomicLong bytesSent;
  private final AtomicLong bytesReceived;
  private final CompletableFuture<Long> authenticated = new CompletableFuture<>();
  private volatile CompletableFuture<Pushed> pushed = new CompletableFuture<>();
  private volatile CompletableFuture<Void> sliced = new CompletableFuture<>();
  private volatile float[] target;
  private volatile long expectedStep;

  ClientHandler(ShardedPsConfig config, ParameterServerSecret secret, int shard, int worker, AtomicLong bytesSent,
      AtomicLong bytesReceived) {
    this.config = config;
    this.secret = secret;
    this.shard = shard;
    this.worker = worker;
    this.bytesSent = bytesSent;
    this.bytesReceived = bytesReceived;
  }

  /** Completes with the shard's next step once the shard accepted this client. */
  CompletableFuture<Long> authenticated() {
    return authenticated;
  }

  /** A future for the PUSHED reply of {@code step}; call before sending the PUSH. */
  CompletableFuture<Pushed> expectPushed(long step) {
    expectedStep = step;
    pushed = new CompletableFuture<>();
    return pushed;
  }

  /** A future for the SLICE of {@code step}, written into {@code into} at the slice's offset. */
  CompletableFuture<Void> expectSlice(long step, float[] into) {
    expectedStep = step;
    target = into;
    sliced = new CompletableFuture<>();
    return sliced;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    Frame frame = (Frame) message;
    try {
      bytesReceived.addAndGet(frame.wireBytes());
      handle(ctx, frame);
    } catch (FrameException e) {
      failAll("shard " + shard + " sent a bad frame: " + e.getMessage());
      ctx.close();
    } finally {
      frame.payload().release();
    }
  }

  private void handle(ChannelHandlerContext ctx, Frame frame) {
    if (frame.jobId() != config.jobId() || frame.shard() != shard) {
      throw new FrameException(frame.type() + " of job " + frame.jobId() + ", shard " + frame.shard()
          + " on the connection to shard " + shard + " of job " + config.jobId());
    }
    ByteBuf payload = frame.payload();
    switch (frame.type()) {
      case CHALLENGE -> {
        frame.requirePayload(FrameCodec.NONCE_BYTES);
        byte[] nonce = new byte[FrameCodec.NONCE_BYTES];
        payload.readBytes(nonce);
        ByteBuf auth = FrameCodec.auth(ctx.alloc(), config.jobId(), shard, worker,
            secret.proof(config.jobId(), shard, worker, nonce));
        bytesSent.addAndGet(auth.readableBytes());
        ctx.writeAndFlush(auth);
      }
      case AUTH_OK -> authenticated.complete(frame.step());
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
      case ERROR -> failAll("shard " + shard + " at " + ctx.channel().remoteAddress() + " refused worker " + worker
          + " at step " + frame.step() + ": " + FrameCodec.text(payload));
      default -> throw new FrameException("unexpected " + frame.type());
    }
  }

  private void requireStep(Frame frame) {
    if (frame.step() != expectedStep) {
      throw new FrameException(frame.type() + " of step " + frame.step() + " while waiting for step " + expectedStep);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    failAll("connection to shard " + shard + " failed: " + root);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    failAll("shard " + shard + " at " + ctx.channel().remoteAddress() + " closed the connection");
  }

  private void failAll(String reason) {
    ShardTransportException failure = new ShardTransportException(reason);
    authenticated.completeExceptionally(failure);
    pushed.completeExceptionally(failure);
    sliced.completeExceptionally(failure);
  }
}
