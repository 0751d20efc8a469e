package io.sparktrain.kernels.model;

/**
 * What {@link ExampleDropout} needs to know about the batch being trained on this thread: the
 * step's dropout seed and the ids of the batch's examples, row by row.
 *
 * @param stepSeed the step's dropout seed
 * @param exampleIds the batch's example ids, in row order
 */
record DropoutContext(long stepSeed, long[] exampleIds) {
  private static final ThreadLocal<DropoutContext> CURRENT = new ThreadLocal<>();

  /** Runs {@code work} with this context set for the current thread. */
  void run(Runnable work) {
    CURRENT.set(this);
    try {
      work.run();
    } finally {
      CURRENT.remove();
    }
  }

  /** The context of the gradient being computed on this thread. */
  static DropoutContext current() {
    DropoutContext context = CURRENT.get();
    if (context == null) {
      throw new IllegalStateException("dropout applied outside NetworkKernel.gradient: no example ids");
    }
    return context;
  }
}
