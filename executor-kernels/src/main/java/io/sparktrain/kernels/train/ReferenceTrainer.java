package io.sparktrain.kernels.train;

import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.model.NetworkKernel;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.optim.OptimizerStep;
import java.util.ArrayList;
import java.util.List;

/**
 * Single-machine mini-batch training with exactly the math the distributed trainer uses, and no
 * Spark: the oracle that distributed runs are tested against. Batches are taken in example order,
 * {@code [t*B, (t+1)*B)}, every epoch; the last batch of an epoch may be short.
 *
 * <p>A step's gradient can be computed as the combined sum of the gradients of consecutive
 * sub-batches ("ghost batches"), which is what {@code W} workers with per-worker batch {@code b}
 * compute for a global batch of {@code W*b}. That only matters where the examples of a batch
 * interact: batch normalization normalizes each sub-batch with its own statistics.
 */
public final class ReferenceTrainer {
  private final TrainingRecipe recipe;
  private final NetworkShape shape;
  private final int subBatchSize;

  /**
   * A trainer that computes each step's gradient on the whole batch at once.
   *
   * @param recipe model, optimizer, schedule, regularization and seed
   * @param shape input and output widths
   */
  public ReferenceTrainer(TrainingRecipe recipe, NetworkShape shape) {
    this(recipe, shape, Integer.MAX_VALUE);
  }

  /**
   * A trainer that computes each step's gradient as the sum of the gradients of the batch's
   * consecutive sub-batches of {@code subBatchSize} examples (the last may be short).
   *
   * @param recipe model, optimizer, schedule, regularization and seed
   * @param shape input and output widths
   * @param subBatchSize examples per sub-batch, &gt; 0: the distributed run's per-worker batch
   */
  public ReferenceTrainer(TrainingRecipe recipe, NetworkShape shape, int subBatchSize) {
    if (subBatchSize <= 0) {
      throw new IllegalArgumentException("a sub-batch size must be > 0, got " + subBatchSize);
    }
    this.recipe = recipe;
    this.shape = shape;
    this.subBatchSize = subBatchSize;
  }

  /** What a reference run ends with. */
  public record Result(float[] parameters, List<Double> stepLosses) {}

  /**
   * Trains from the seeded initial parameters at the recipe's learning rate, unscaled: to check a
   * run with learning-rate scaling, give this trainer a recipe with the scaled rate.
   *
   * @param data the training examples, in the order they are used
   * @param batchSize examples per step (the distributed run's global batch)
   * @param epochs passes over the data; schedules that decay over the run see
   *     {@code ceil(count / batchSize) * epochs} steps
   */
  public Result train(Examples data, int batchSize, int epochs) {
    NetworkKernel kernel = new NetworkKernel(recipe.model(), shape);
    long stepsPerEpoch = ((long) data.count() + batchSize - 1) / batchSize;
    OptimizerStep optimizer = recipe.optimizerStep(kernel.layout(), stepsPerEpoch * epochs, 1);
    float[] parameters = NetworkFactory.initialParameters(recipe.model(), shape, recipe.seed());
    float[] state = optimizer.newState();
    List<Double> losses = new ArrayList<>();
    long step = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int from = 0; from < data.count(); from += batchSize) {
        int to = Math.min(from + batchSize, data.count());
        long dropoutSeed = Seeds.dropout(recipe.seed(), step);
        GradientSum gradient = new GradientSum();
        for (int part = from; part < to; ) {
          int end = part + Math.min(subBatchSize, to - part);
          gradient.add(kernel.gradient(parameters, data.batch(part, end), dropoutSeed));
          part = end;
        }
        losses.add(gradient.meanLoss());
        optimizer.apply(parameters, gradient.meanGradient(), state, step, epoch);
        step++;
      }
    }
    return new Result(parameters, losses);
  }
}
