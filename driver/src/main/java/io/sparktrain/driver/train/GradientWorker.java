package io.sparktrain.driver.train;

import io.sparktrain.driver.data.WorkerShard;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.model.ThreadKernels;
import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.GradientSum;
import io.sparktrain.kernels.train.Seeds;
import java.io.Serializable;

/**
 * The executor side of a step: the gradient of a worker's next batch at given parameters. Sent
 * to executors inside task closures, so it holds only small configuration; the DL4J network it
 * computes with is built once per executor thread and reused.
 */
public final class GradientWorker implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ModelSpec model;
  private final NetworkShape shape;
  private final long seed;
  private final int batchSize;
  private final boolean shuffle;
  private final int nativeThreads;

  /**
   * @param model the layer list
   * @param shape input and output widths
   * @param seed job seed (shuffle order, dropout)
   * @param batchSize per-worker batch size
   * @param shuffle whether to reshuffle each epoch
   * @param nativeThreads ND4J threads per worker
   */
  public GradientWorker(ModelSpec model, NetworkShape shape, long seed, int batchSize, boolean shuffle,
      int nativeThreads) {
    this.model = model;
    this.shape = shape;
    this.seed = seed;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.nativeThreads = nativeThreads;
  }

  /** The summed gradient of this worker's batch at step {@code step} of {@code epoch}. */
  public GradientSum gradient(WorkerShard shard, float[] parameters, int epoch, int step, long globalStep) {
    return gradient(shard, parameters, epoch, step, globalStep, new float[parameters.length]);
  }

  /**
   * {@link #gradient(WorkerShard, float[], int, int, long)} into {@code into}, one entry per
   * parameter, which the returned sum then holds (a worker that reuses it every step spares
   * allocating the model's size each step).
   */
  public GradientSum gradient(WorkerShard shard, float[] parameters, int epoch, int step, long globalStep,
      float[] into) {
    Batch batch = shard.trainingBatch(epoch, step, batchSize, seed, shuffle);
    return ThreadKernels.get(model, shape, nativeThreads).gradient(parameters, batch, Seeds.dropout(seed, globalStep),
        into);
  }

}
