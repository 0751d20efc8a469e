package io.sparktrain.driver.data;

import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.Seeds;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Random;

/**
 * One worker's examples, converted once to dense normalized floats and cached as a single Spark
 * partition. Examples are kept in input order; with shuffling on, a worker visits them in a
 * permutation drawn afresh each epoch from the job seed.
 *
 * <p>Thread-safe: a cached partition is one object in local mode, so tasks of concurrent trials may
 * read it at once; the memoized permutation is one immutable value, replaced whole.
 */
public final class WorkerShard implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int worker;
  private final int count;
  private final int width;
  private final float[] features;
  private final float[] labels;
  private final long[] ids;
  private transient Order order;

  /** The permutation of one epoch under one seed. */
  private record Order(int epoch, long seed, int[] permutation) {}

  /**
   * @param worker the worker (partition) index
   * @param features {@code count * width} normalized features, in input order
   * @param labels {@code count} labels
   * @param ids {@code count} example ids: positions in the whole input
   * @param count number of examples
   * @param width features per example
   */
  public WorkerShard(int worker, float[] features, float[] labels, long[] ids, int count, int width) {
    this.worker = worker;
    this.features = features;
    this.labels = labels;
    this.ids = ids;
    this.count = count;
    this.width = width;
  }

  /** The worker index. */
  public int worker() {
    return worker;
  }

  /** Number of examples on this worker. */
  public int count() {
    return count;
  }

  /**
   * The examples this worker trains on at step {@code step} of {@code epoch}: positions
   * {@code [step*b, (step+1)*b)} of the epoch's order, fewer (or none) at the end.
   */
  public Batch trainingBatch(int epoch, int step, int batchSize, long seed, boolean shuffle) {
    int from = Math.min(count, step * batchSize);
    int to = Math.min(count, from + batchSize);
    if (!shuffle) {
      return slice(from, to);
    }
    int[] permutation = order(epoch, seed);
    float[] x = new float[(to - from) * width];
    float[] y = new float[to - from];
    long[] batchIds = new long[to - from];
    for (int i = from; i < to; i++) {
      int example = permutation[i];
      System.arraycopy(features, example * width, x, (i - from) * width, width);
      y[i - from] = labels[example];
      batchIds[i - from] = ids[example];
    }
    return new Batch(x, y, batchIds, to - from, width);
  }

  /** Examples {@code [from, to)} in input order, for evaluation. */
  public Batch slice(int from, int to) {
    return new Batch(Arrays.copyOfRange(features, from * width, to * width),
        Arrays.copyOfRange(labels, from, to), Arrays.copyOfRange(ids, from, to), to - from, width);
  }

  private int[] order(int epoch, long seed) {
    Order memo = order;
    if (memo == null || memo.epoch() != epoch || memo.seed() != seed) {
      int[] permutation = new int[count];
      for (int i = 0; i < count; i++) {
        permutation[i] = i;
      }
      Random random = new Random(Seeds.shuffle(seed, epoch, worker));
      for (int i = count - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = permutation[i];
        permutation[i] = permutation[j];
        permutation[j] = swap;
      }
      memo = new Order(epoch, seed, permutation);
      order = memo;
    }
    return memo.permutation();
  }
}
