package io.sparktrain.kernels.model;

import io.sparktrain.kernels.config.ModelSpec;

/**
 * One {@link NetworkKernel} per thread and model, built on first use and reused by every later
 * task on that thread (building a DL4J network costs tens of milliseconds, and networks must not
 * be shared between threads). Also caps ND4J's native threads per worker.
 */
public final class ThreadKernels {
  private static final ThreadLocal<Entry> KERNELS = new ThreadLocal<>();

  private ThreadKernels() {}

  /**
   * This thread's kernel for {@code model} and {@code shape}.
   *
   * @param nativeThreads ND4J threads per call for this worker
   */
  public static NetworkKernel get(ModelSpec model, NetworkShape shape, int nativeThreads) {
    NativeThreads.limit(nativeThreads);
    Entry entry = KERNELS.get();
    if (entry == null || !entry.model.equals(model) || !entry.shape.equals(shape)) {
      entry = new Entry(model, shape, new NetworkKernel(model, shape));
      KERNELS.set(entry);
    }
    return entry.kernel;
  }

  private record Entry(ModelSpec model, NetworkShape shape, NetworkKernel kernel) {}
}
