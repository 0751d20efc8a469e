package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;

/**
 * The connecting side of one connection, to a shard or to the {@link ShardCoordinator}: it answers
 * the endpoint's challenge with the HMAC proof of its worker index ({@link ParameterServerSecret}),
 * completes {@link #authenticated()} on the endpoint's AUTH_OK, and passes every later frame to
 * {@link #handle}. A frame of another job or endpoint, a malformed one, an ERROR frame, a failed
 * or closed connection all end in {@link #fail}, with the reason. Runs on the client's thread.
 */
abstract class AnsweringHandler extends ChannelInboundHandlerAdapter {
  private final ShardedPsConfig config;
  private final ParameterServerSecret secret;
  private final int endpoint;
  private final int worker;
  private final CompletableFuture<Long> authenticated = new CompletableFuture<>();

  /**
   * @param config the job's settings
   * @param secret the job's key
   * @param endpoint the shard index, or {@link ShardCoordinator#ENDPOINT}
   * @param worker the worker this client speaks for
   */
  AnsweringHandler(ShardedPsConfig config, ParameterServerSecret secret, int endpoint, int worker) {
    this.config = config;
    this.secret = secret;
    this.endpoint = endpoint;
    this.worker = worker;
  }

  /** Completes with the endpoint's next step once the endpoint accepted this worker. */
  CompletableFuture<Long> authenticated() {
    return authenticated;
  }

  /** A frame after the handshake, of this job and endpoint; its payload is released after. */
  abstract void handle(ChannelHandlerContext ctx, Frame frame);

  /** Fails whatever the client waits for; may be called more than once. */
  abstract void fail(ShardTransportException failure);

  /** Called with every frame read, before it is handled. */
  void received(Frame frame) {}

  /** Called with every frame this handler writes itself (the AUTH answer). */
  void sent(ByteBuf frame) {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    Frame frame = (Frame) message;
    try {
      received(frame);
      if (frame.jobId() != config.jobId() || frame.shard() != endpoint) {
        throw new FrameException(frame.type() + " of job " + frame.jobId() + ", "
            + Endpoint.name(frame.shard()) + " on the connection to "
            + Endpoint.name(endpoint) + " of job " + config.jobId());
      }
      switch (frame.type()) {
        case CHALLENGE -> answer(ctx, frame);
        case AUTH_OK -> authenticated.complete(frame.step());
        case ERROR -> failAll(Endpoint.name(endpoint) + " at " + ctx.channel().remoteAddress()
            + " refused worker " + worker + " at step " + frame.step() + ": " + FrameCodec.text(frame.payload()));
        default -> handle(ctx, frame);
      }
    } catch (FrameException e) {
      failAll(Endpoint.name(endpoint) + " sent a bad frame: " + e.getMessage());
      ctx.close();
    } finally {
      frame.payload().release();
    }
  }

  private void answer(ChannelHandlerContext ctx, Frame frame) {
    frame.requirePayload(FrameCodec.NONCE_BYTES);
    byte[] nonce = new byte[FrameCodec.NONCE_BYTES];
    frame.payload().readBytes(nonce);
    ByteBuf auth = FrameCodec.auth(ctx.alloc(), config.jobId(), endpoint, worker,
        secret.proof(config.jobId(), endpoint, worker, nonce));
    sent(auth);
    ctx.writeAndFlush(auth);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    failAll("connection to " + Endpoint.name(endpoint) + " failed: " + cause);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    failAll(Endpoint.name(endpoint) + " at " + ctx.channel().remoteAddress()
        + " closed the connection");
  }

  private void failAll(String reason) {
    ShardTransportException failure = new ShardTransportException(reason);
    authenticated.completeExceptionally(failure);
    fail(failure);
  }
}
