package io.sparktrain.driver.train;

import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.model.NetworkKernel;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.Examples;
import io.sparktrain.kernels.train.GradientSum;
import io.sparktrain.kernels.train.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Local SGD on one machine without Spark, the oracle of {@code param-averaging}: example {@code i}
 * belongs to worker {@code floor(i / b) mod W} and each worker takes its examples in input order
 * ({@code data.shuffle: false}); every round each worker takes {@code k} steps (fewer at the end of
 * an epoch) from the shared parameters with the optimizer step at the global step, then the
 * parameters, and optionally the updater states, are averaged weighted by the examples each
 * worker trained on in the round, in double precision.
 */
final class LocalSgdReference {
  private LocalSgdReference() {}

  static float[] train(TrainingRecipe recipe, NetworkShape shape, Examples data, int workers, int batchSize,
      int epochs, AveragingSpec averaging) {
    List<int[]> examplesOf = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      examplesOf.add(IntStream.range(0, data.count()).filter(i -> i / batchSize % workers == worker).toArray());
    }
    int stepsPerEpoch = examplesOf.stream().mapToInt(mine -> (mine.length + batchSize - 1) / batchSize).max()
        .orElseThrow();
    NetworkKernel kernel = new NetworkKernel(recipe.model(), shape);
    OptimizerStep optimizer = recipe.optimizerStep(kernel.layout(), (long) stepsPerEpoch * epochs, 1);
    float[] parameters = NetworkFactory.initialParameters(recipe.model(), shape, recipe.seed());
    float[][] states = new float[workers][];
    for (int w = 0; w < workers; w++) {
      states[w] = optimizer.newState();
    }
    long globalStep = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int first = 0; first < stepsPerEpoch; first += averaging.frequency()) {
        int steps = Math.min(averaging.frequency(), stepsPerEpoch - first);
        float[][] ends = new float[workers][];
        long[] weights = new long[workers];
        for (int w = 0; w < workers; w++) {
          float[] local = parameters.clone();
          int[] mine = examplesOf.get(w);
          for (int j = 0; j < steps; j++) {
            int from = Math.min(mine.length, (first + j) * batchSize);
            int to = Math.min(mine.length, from + batchSize);
            if (from == to) {
              continue;
            }
            Batch batch = data.gather(mine, from, to);
            GradientSum gradient = kernel.gradient(local, batch, Seeds.dropout(recipe.seed(), globalStep + j));
            optimizer.apply(local, gradient.meanGradient(), states[w], globalStep + j, epoch);
            weights[w] += to - from;
          }
          ends[w] = local;
        }
        parameters = weightedMean(ends, weights);
        if (averaging.averageUpdaterState()) {
          float[] state = weightedMean(states, weights);
          for (int w = 0; w < workers; w++) {
            states[w] = state.clone();
          }
        }
        globalStep += steps;
      }
    }
    return parameters;
  }

  private static float[] weightedMean(float[][] values, long[] weights) {
    double[] sum = new double[values[0].length];
    long total = 0;
    for (int w = 0; w < values.length; w++) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += (double) weights[w] * values[w][i];
      }
      total += weights[w];
    }
    float[] mean = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      mean[i] = (float) (sum[i] / total);
    }
    return mean;
  }
}
