package io.sparktrain.ps.shard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;

/**
 * One shard host's connection to the {@link ShardCoordinator}, after the handshake of {@link
 * AuthenticatedHandler}: its FETCH of the start slices, its PROGRESS reports, its final STATE
 * parts. Runs on the coordinator's single thread.
 */
final class CoordinatorHandler extends AuthenticatedHandler {
  private final ShardCoordinator coordinator;
  private final ShardedPsConfig config;
  private SnapshotParts.Assembly finals;

  CoordinatorHandler(ShardCoordinator coordinator) {
    super(coordinator.endpoint());
    this.coordinator = coordinator;
    this.config = coordinator.endpoint().config();
  }

  @Override
  long nextStep() {
    return coordinator.startStep();
  }

  @Override
  void handle(ChannelHandlerContext ctx, Frame frame, int worker) {
    switch (frame.type()) {
      case FETCH -> fetch(ctx, frame, worker);
      case PROGRESS -> coordinator.report(progress(frame));
      case STATE -> store(ctx, frame, worker);
      default -> throw new FrameException("unexpected " + frame.type() + " from the host of shard " + worker);
    }
  }

  private void fetch(ChannelHandlerContext ctx, Frame frame, int shard) {
    frame.requirePayload(0);
    if (frame.step() != coordinator.startStep()) {
      throw new FrameException("FETCH of the slices before step " + frame.step() + ", the shards start at step "
          + coordinator.startStep());
    }
    SliceLayout layout = config.layout();
    SnapshotParts.of(config).send(ctx.channel(), config.jobId(), coordinator.startStep(),
        coordinator.startParameters(), layout.offset(shard), layout.length(shard), coordinator.startState(shard));
  }

  private static StepProgress progress(Frame frame) {
    ByteBuf payload = frame.payload();
    if (payload.readableBytes() < 24) {
      throw new FrameException("PROGRESS payload of " + payload.readableBytes() + " bytes is shorter than 24");
    }
    long examples = payload.readLong();
    double meanLoss = payload.readDouble();
    double seconds = payload.readDouble();
    String divergence = payload.isReadable() ? payload.toString(StandardCharsets.UTF_8) : null;
    return new StepProgress(frame.step(), examples, meanLoss, seconds, divergence);
  }

  private void store(ChannelHandlerContext ctx, Frame frame, int shard) {
    if (finals == null) {
      finals = new SnapshotParts.Assembly(SnapshotParts.of(config),
          config.layout().length(shard), coordinator.startState(shard).length);
    }
    if (finals.accept(frame)) {
      if (!coordinator.store(shard, finals.step(), finals.parameters(), finals.state())) {
        throw new FrameException("the final slices of shard " + shard + " were already stored");
      }
      ctx.writeAndFlush(FrameCodec.stored(ctx.alloc(), config.jobId(), finals.step()));
      finals = null;
    }
  }
}
