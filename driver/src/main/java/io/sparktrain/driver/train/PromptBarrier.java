package io.sparktrain.driver.train;

import java.util.concurrent.locks.LockSupport;
import org.apache.spark.BarrierTaskContext;

/**
 * {@link BarrierTaskContext#allGather} without its polling delay. Spark 3.5's barrier calls check
 * for the coordinator's reply, then sleep a whole second before checking again, so every call
 * costs about a second even when every task arrives at once, and tasks leave it up to a second
 * apart (each wakes on its own clock). The sleep ends early when the thread is interrupted (Spark
 * takes an interrupt as a hint to check whether the task was killed, then checks the reply again),
 * so a helper thread interrupts the caller every {@link #POKE_NANOS} while the call waits: the
 * call returns within a few milliseconds of the reply. A task kill is still seen, through Spark's
 * own kill flag, which the pokes leave alone.
 */
final class PromptBarrier {
  /** How often the waiting thread is woken to check for the reply. */
  static final long POKE_NANOS = 2_000_000;

  private PromptBarrier() {}

  /**
   * {@code context.allGather(message)}, returning as soon as every task's message is in.
   *
   * @return every task's message, in partition order
   */
  static String[] allGather(BarrierTaskContext context, String message) {
    Thread caller = Thread.currentThread();
    Object lock = new Object();
    boolean[] done = {false};
    Thread poker = new Thread(() -> {
      while (true) {
        LockSupport.parkNanos(POKE_NANOS);
        synchronized (lock) {
          if (done[0]) {
            return;
          }
          caller.interrupt();
        }
      }
    }, "sparktrain-barrier-poke");
    poker.setDaemon(true);
    poker.start();
    try {
      return context.allGather(message);
    } finally {
      synchronized (lock) {
        done[0] = true;
      }
      // No poke comes after this: clear the last one so that it cannot wake a later wait by mistake.
      Thread.interrupted();
    }
  }
}
