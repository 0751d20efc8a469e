package io.sparktrain.driver.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Tree-structured Parzen Estimator; see {@link SearchStrategy#tpe} for the method. The
 * dimensions are modelled independently (the space has no conditional structure), so the "tree"
 * is flat.
 */
final class TpeStrategy implements SearchStrategy {
  /** The fraction of results called good. */
  static final double GAMMA = 0.25;
  /** The candidates drawn from the good density per proposal. */
  static final int CANDIDATES = 24;
  private static final long PURPOSE = 2;
  private static final double PRIOR_MEAN = 0.5;
  private static final double PRIOR_SIGMA = 1.0;
  private static final int MAX_REJECTIONS = 64;

  private final SearchSpace space;
  private final Goal goal;
  private final long seed;
  private final int startupTrials;

  TpeStrategy(SearchSpace space, Goal goal, long seed, int startupTrials) {
    if (startupTrials < 1) {
      throw new IllegalArgumentException("TPE needs at least one start-up trial, got " + startupTrials);
    }
    this.space = space;
    this.goal = goal;
    this.seed = seed;
    this.startupTrials = startupTrials;
  }

  /** {@code max(5, 2 * dimensions)}. */
  static int defaultStartup(SearchSpace space) {
    return Math.max(5, 2 * space.dimensions().size());
  }

  @Override
  public Map<String, Object> propose(int trialId, List<TrialResult> finished) {
    if (finished.size() < startupTrials) {
      return space.sample(Seeds.forTrial(seed, trialId, RandomStrategy.PURPOSE));
    }
    List<TrialResult> ranked = new ArrayList<>(finished);
    ranked.sort(Comparator.comparingInt(TrialResult::trialId));
    ranked.sort((a, b) -> goal.bestFirst().compare(a.score(), b.score()));
    int goodCount = Math.max(1, (int) Math.ceil(GAMMA * ranked.size()));
    List<TrialResult> goodResults = ranked.subList(0, goodCount);
    List<TrialResult> badResults = ranked.subList(goodCount, ranked.size());

    SplittableRandom random = Seeds.forTrial(seed, trialId, PURPOSE);
    List<Density> goodDensities = new ArrayList<>();
    List<Density> badDensities = new ArrayList<>();
    for (Dimension dimension : space.dimensions()) {
      goodDensities.add(density(dimension, goodResults));
      badDensities.add(density(dimension, badResults));
    }
    int dims = space.dimensions().size();
    double[] best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < CANDIDATES; c++) {
      double[] candidate = new double[dims];
      double score = 0;
      for (int d = 0; d < dims; d++) {
        candidate[d] = goodDensities.get(d).sample(random);
        score += Math.log(Math.max(goodDensities.get(d).at(candidate[d]), Double.MIN_NORMAL))
            - Math.log(Math.max(badDensities.get(d).at(candidate[d]), Double.MIN_NORMAL));
      }
      if (best == null || score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    Map<String, Object> point = new LinkedHashMap<>();
    for (int d = 0; d < dims; d++) {
      Dimension dimension = space.dimensions().get(d);
      point.put(dimension.key(), dimension instanceof Choice choice ? choice.values().get((int) best[d])
          : dimension.fromUnit(best[d]));
    }
    return point;
  }

  private static Density density(Dimension dimension, List<TrialResult> results) {
    if (dimension instanceof Choice choice) {
      double[] counts = new double[choice.size()];
      Arrays.fill(counts, 1);
      for (TrialResult result : results) {
        int index = choice.indexOf(result.values().get(choice.key()));
        if (index >= 0) {
          counts[index]++;
        }
      }
      return new Categorical(counts);
    }
    List<Double> units = new ArrayList<>();
    for (TrialResult result : results) {
      Object value = result.values().get(dimension.key());
      try {
        units.add(dimension.toUnit(value));
      } catch (IllegalArgumentException e) {
        // A value from an earlier, different space (a resumed search) says nothing about this one.
      }
    }
    return Parzen.fit(units);
  }

  /** A density on the unit interval (numeric) or over category indexes (choice). */
  private interface Density {
    double sample(SplittableRandom random);

    double at(double x);
  }

  private record Categorical(double[] weights) implements Density {
    @Override
    public double sample(SplittableRandom random) {
      double total = Arrays.stream(weights).sum();
      double r = random.nextDouble() * total;
      for (int k = 0; k < weights.length - 1; k++) {
        r -= weights[k];
        if (r < 0) {
          return k;
        }
      }
      return weights.length - 1;
    }

    @Override
    public double at(double x) {
      return weights[(int) x] / Arrays.stream(weights).sum();
    }
  }

  /** An equally weighted mixture of Gaussians truncated to [0, 1]. */
  private record Parzen(double[] means, double[] sigmas, double[] masses) implements Density {
    static Parzen fit(List<Double> units) {
      double[] sorted = units.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      int m = sorted.length;
      double minSigma = PRIOR_SIGMA / Math.min(100, m + 1);
      double[] means = new double[m + 1];
      double[] sigmas = new double[m + 1];
      for (int i = 0; i < m; i++) {
        double left = sorted[i] - (i > 0 ? sorted[i - 1] : 0);
        double right = (i < m - 1 ? sorted[i + 1] : 1) - sorted[i];
        means[i] = sorted[i];
        sigmas[i] = Math.min(PRIOR_SIGMA, Math.max(minSigma, Math.max(left, right)));
      }
      means[m] = PRIOR_MEAN;
      sigmas[m] = PRIOR_SIGMA;
      double[] masses = new double[m + 1];
      for (int i = 0; i <= m; i++) {
        masses[i] = cdf((1 - means[i]) / sigmas[i]) - cdf(-means[i] / sigmas[i]);
      }
      return new Parzen(means, sigmas, masses);
    }

    @Override
    public double sample(SplittableRandom random) {
      int i = random.nextInt(means.length);
      for (int tries = 0; tries < MAX_REJECTIONS; tries++) {
        double x = means[i] + sigmas[i] * gaussian(random);
        if (x >= 0 && x <= 1) {
          return x;
        }
      }
      return Dimension.clampUnit(means[i]);
    }

    @Override
    public double at(double x) {
      double sum = 0;
      for (int i = 0; i < means.length; i++) {
        double z = (x - means[i]) / sigmas[i];
        sum += Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * sigmas[i] * masses[i]);
      }
      return sum / means.length;
    }
  }

  /** A standard normal draw (Box-Muller), from {@code random} alone so that proposals replay. */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  /** The standard normal CDF through erf (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
  static double cdf(double x) {
    double z = Math.abs(x) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * z);
    double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double erf = 1 - poly * Math.exp(-z * z);
    return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  }
}
