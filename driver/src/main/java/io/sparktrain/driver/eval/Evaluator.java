package io.sparktrain.driver.eval;

import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.data.WorkerShard;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.model.NetworkKernel;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.model.ThreadKernels;
import io.sparktrain.kernels.train.Batch;
import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Evaluates parameters on cached shards: every worker scores its own examples in inference mode
 * and the partial {@link Evaluation}s are tree-aggregated to the driver.
 */
public final class Evaluator {
  private static final int CHUNK = 1024;
  private final JavaSparkContext spark;
  private final ModelSpec model;
  private final EvaluationSpec spec;
  private final int nativeThreads;

  /**
   * @param spark the Spark context
   * @param model the layer list the parameters belong to
   * @param spec the optional metrics to compute
   * @param nativeThreads ND4J threads per worker
   */
  public Evaluator(JavaSparkContext spark, ModelSpec model, EvaluationSpec spec, int nativeThreads) {
    this.spark = spark;
    this.model = model;
    this.spec = spec;
    this.nativeThreads = nativeThreads;
  }

  /** Loss and metrics of {@code parameters} on all of {@code data}. */
  public Evaluation evaluate(ShardedDataset data, float[] parameters) {
    Broadcast<float[]> shared = spark.broadcast(parameters);
    try {
      Scorer scorer = new Scorer(model, data, spec, nativeThreads);
      return data.shards()
          .map(shard -> scorer.score(shard, shared.value()))
          .treeAggregate(scorer.empty(), Evaluation::add, Evaluation::add);
    } finally {
      shared.destroy();
    }
  }

  /** The executor side: scores one shard. */
  private static final class Scorer implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ModelSpec model;
    private final NetworkShape shape;
    private final EvaluationSpec spec;
    private final int nativeThreads;

    Scorer(ModelSpec model, ShardedDataset data, EvaluationSpec spec, int nativeThreads) {
      this.model = model;
      this.shape = data.shape();
      this.spec = spec;
      this.nativeThreads = nativeThreads;
    }

    Evaluation empty() {
      return new Evaluation(shape.classification() ? shape.outputs() : 0, spec);
    }

    Evaluation score(WorkerShard shard, float[] parameters) {
      NetworkKernel kernel = ThreadKernels.get(model, shape, nativeThreads);
      Evaluation evaluation = empty();
      for (int from = 0; from < shard.count(); from += CHUNK) {
        Batch batch = shard.slice(from, Math.min(shard.count(), from + CHUNK));
        evaluation.record(batch.labels(), kernel.predict(parameters, batch), kernel.lossSum(parameters, batch));
      }
      return evaluation;
    }
  }
}
