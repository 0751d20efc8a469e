package io.sparktrain.driver.train;

import io.sparktrain.driver.data.WorkerShard;
import java.io.Serializable;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import scala.Function1;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.runtime.BoxedUnit;

/**
 * Runs one task per worker shard and folds the results on the driver in worker order,
 * {@code ((r0 + r1) + r2) + ...}, whatever order the tasks finish in: the order in which the
 * sharded parameter server adds its workers' pushes. Float addition is not associative, so with
 * three or more workers an aggregation that combines in completion order (Spark's
 * {@code treeAggregate}) rounds differently from run to run; this fold does not. A result that
 * arrives before those of lower workers waits on the driver until they have come.
 *
 * @param <T> a worker's result, such as a {@link io.sparktrain.kernels.train.GradientSum}
 */
final class WorkerOrderSum<T> {
  private final BinaryOperator<T> combine;
  private final TreeMap<Integer, T> waiting = new TreeMap<>();
  private T prefix;
  private int next;

  /** An empty fold; {@link #run} feeds it, tests may feed it results in any order. */
  WorkerOrderSum(BinaryOperator<T> combine) {
    this.combine = combine;
  }

  /**
   * Computes {@code perWorker} of every shard, one Spark task each, and returns their sum in worker order.
   *
   * @param shards one shard per partition, partition {@code k} holding worker {@code k}'s shard
   * @param perWorker a worker's result (runs on the executors)
   * @param combine the sum of two results; may reuse the storage of either
   * @param type the result's class tag, for Spark
   */
  static <T> T run(JavaRDD<WorkerShard> shards, Function<WorkerShard, T> perWorker, BinaryOperator<T> combine,
      ClassTag<T> type) {
    WorkerOrderSum<T> fold = new WorkerOrderSum<>(combine);
    shards.context().runJob(shards.rdd(), new OnlyShard<>(perWorker), (Object partition, T result) -> {
      fold.accept((Integer) partition, result);
      return BoxedUnit.UNIT;
    }, type);
    return fold.result(shards.getNumPartitions());
  }

  /** Takes worker {@code worker}'s result; Spark calls this from its job-result thread, one at a time. */
  synchronized void accept(int worker, T result) {
    if (worker < next || waiting.containsKey(worker)) {
      throw new IllegalStateException("worker " + worker + " reported twice");
    }
    waiting.put(worker, result);
    while (!waiting.isEmpty() && waiting.firstKey() == next) {
      T first = waiting.pollFirstEntry().getValue();
      prefix = prefix == null ? first : combine.apply(prefix, first);
      next++;
    }
  }

  /** The sum of all {@code workers} results; fails when one is missing. */
  synchronized T result(int workers) {
    if (next != workers) {
      throw new IllegalStateException("results of " + next + " leading workers of " + workers + " arrived");
    }
    return prefix;
  }

  /** A task's function: {@code perWorker} of the partition's only shard. */
  private record OnlyShard<T>(Function<WorkerShard, T> perWorker)
      implements Function1<Iterator<WorkerShard>, T>, Serializable {
    @Override
    public T apply(Iterator<WorkerShard> partition) {
      try {
        return perWorker.call(partition.next());
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
