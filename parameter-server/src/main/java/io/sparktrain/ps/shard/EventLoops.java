package io.sparktrain.ps.shard;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the one-thread Netty event loops of the shards, the coordinator and their clients. */
final class EventLoops {
  /**
   * How long a stopping loop keeps running once it is idle. The far end of an in-JVM connection
   * finishes closing it with a task on this end's loop, once the far end's own loop gets to it
   * (which may be busy encoding a slice of hundreds of megabytes); on a loop already stopped that
   * task is refused, and the far end may never learn that the connection ended. Stopping does not
   * wait for this, so a long quiet period costs nothing but an idle thread for a while.
   */
  static final long QUIET_MILLIS = 500;

  private EventLoops() {}

  /**
   * Starts stopping {@code group}: its channels close at once, its thread ends after {@link
   * #QUIET_MILLIS} without work (at most {@code timeout}). Returns without waiting for that.
   */
  static io.netty.util.concurrent.Future<?> shutDown(EventLoopGroup group, Duration timeout) {
    return group.shutdownGracefully(QUIET_MILLIS, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
