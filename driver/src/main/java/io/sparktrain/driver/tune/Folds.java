package io.sparktrain.driver.tune;

import io.sparktrain.kernels.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Assigns examples to the folds of k-fold cross-validation (YAML {@code tune.folds}): example
 * {@code i} is validated in fold {@code folds[i]} and trained on in the other {@code k - 1}.
 * Both methods are pure functions of their arguments.
 */
public final class Folds {
  private Folds() {}

  /**
   * Stratified folds for classification: each class's examples are shuffled (seeded) and dealt
   * round-robin over the folds, each class starting where the previous one stopped, so every
   * class's count per fold differs by at most 1 across folds, and so do the fold sizes. A class
   * with fewer than {@code k} examples is missing from some folds.
   *
   * @param classLabels the class of each example, in input order
   * @param k the number of folds, {@code 2 <= k <= classLabels.length}
   * @param seed the seed of the shuffle
   * @return the fold, in {@code [0, k)}, of each example
   * @throws ConfigException naming {@code tune.folds} for a bad {@code k}
   */
  public static int[] stratified(int[] classLabels, int k, long seed) {
    requireFolds(k, classLabels.length);
    TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
    for (int i = 0; i < classLabels.length; i++) {
      byClass.computeIfAbsent(classLabels[i], c -> new ArrayList<>()).add(i);
    }
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed));
    int[] folds = new int[classLabels.length];
    int next = 0;
    for (List<Integer> members : byClass.values()) {
      int[] shuffled = shuffle(members.stream().mapToInt(Integer::intValue).toArray(), random);
      for (int example : shuffled) {
        folds[example] = next;
        next = (next + 1) % k;
      }
    }
    return folds;
  }

  /**
   * Plain folds (regression): a seeded permutation of the examples dealt round-robin, so fold
   * sizes differ by at most 1.
   *
   * @param n the number of examples
   * @param k the number of folds, {@code 2 <= k <= n}
   * @param seed the seed of the shuffle
   * @return the fold, in {@code [0, k)}, of each example
   * @throws ConfigException naming {@code tune.folds} for a bad {@code k}
   */
  public static int[] plain(int n, int k, long seed) {
    requireFolds(k, n);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int[] shuffled = shuffle(order, new SplittableRandom(Seeds.mix(seed)));
    int[] folds = new int[n];
    for (int i = 0; i < n; i++) {
      folds[shuffled[i]] = i % k;
    }
    return folds;
  }

  private static void requireFolds(int k, int n) {
    ConfigException.require(k >= 2, "tune.folds must be >= 2 for cross-validation, got " + k);
    ConfigException.require(k <= n, "tune.folds must be at most the number of examples (" + n + "), got " + k);
  }

  /** A Fisher-Yates shuffle of {@code items}, in place; returns them. */
  private static int[] shuffle(int[] items, SplittableRandom random) {
    for (int i = items.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = items[i];
      items[i] = items[j];
      items[j] = swap;
    }
    return items;
  }
}
