package io.sparktrain.kernels.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Caps the threads ND4J's native code (its own ops and OpenBLAS) uses per call. Several workers
 * share an executor's cores; letting each use all of them oversubscribes the machine (2-3x slower
 * on two cores), so a worker asks for {@code cores / workers} threads.
 */
public final class NativeThreads {
  private static volatile int configured;

  private NativeThreads() {}

  /** Sets the per-call thread count of ND4J in this JVM, once per distinct value. */
  public static void limit(int threads) {
    if (threads <= 0 || threads == configured) {
      return;
    }
    synchronized (NativeThreads.class) {
      if (threads != configured) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        configured = threads;
      }
    }
  }
}
