package io.sparktrain.driver.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.sparktrain.kernels.config.ConfigException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FoldsTest {
  @ParameterizedTest
  @CsvSource({"5, 103, 3", "3, 10, 4", "4, 1000, 10", "10, 57, 2", "2, 7, 7"})
  void stratifiedFoldsPartitionTheDataAndSpreadEveryClassEvenly(int k, int n, int classes) {
    SplittableRandom random = new SplittableRandom(n);
    // Unbalanced classes: class c is drawn c + 1 times as often as class 0.
    int[] labels = IntStream.range(0, n).map(i -> {
      int ticket = random.nextInt(classes * (classes + 1) / 2);
      int c = 0;
      while (ticket >= c + 1) {
        ticket -= c + 1;
        c++;
      }
      return c;
    }).toArray();
    int[] folds = Folds.stratified(labels, k, 42);

    assertThat(folds).hasSize(n);
    assertThat(Arrays.stream(folds).boxed()).allMatch(fold -> fold >= 0 && fold < k);
    int[][] counts = new int[classes][k];
    for (int i = 0; i < n; i++) {
      counts[labels[i]][folds[i]]++;
    }
    for (int c = 0; c < classes; c++) {
      int[] perFold = counts[c];
      assertThat(Arrays.stream(perFold).max().orElseThrow() - Arrays.stream(perFold).min().orElseThrow())
          .as("class %d per fold %s", c, Arrays.toString(perFold)).isLessThanOrEqualTo(1);
    }
    int[] sizes = new int[k];
    Arrays.stream(folds).forEach(fold -> sizes[fold]++);
    assertThat(Arrays.stream(sizes).max().orElseThrow() - Arrays.stream(sizes).min().orElseThrow())
        .as("fold sizes %s", Arrays.toString(sizes)).isLessThanOrEqualTo(1);
  }

  @Test
  void foldsAreSeededShuffles() {
    int[] labels = IntStream.range(0, 200).map(i -> i % 2).toArray();
    assertThat(Folds.stratified(labels, 5, 1)).isEqualTo(Folds.stratified(labels, 5, 1));
    assertThat(Folds.stratified(labels, 5, 1)).isNotEqualTo(Folds.stratified(labels, 5, 2));
    // Not simply round-robin in input order.
    assertThat(Folds.stratified(labels, 5, 1)).isNotEqualTo(IntStream.range(0, 200).map(i -> (i / 2) % 5).toArray());
    int[] plain = Folds.plain(200, 5, 1);
    assertThat(plain).isEqualTo(Folds.plain(200, 5, 1)).isNotEqualTo(Folds.plain(200, 5, 2));
    int[] sizes = new int[5];
    Arrays.stream(plain).forEach(fold -> sizes[fold]++);
    assertThat(sizes).containsOnly(40);
    int[] uneven = new int[3];
    Arrays.stream(Folds.plain(11, 3, 9)).forEach(fold -> uneven[fold]++);
    assertThat(uneven).containsExactlyInAnyOrder(4, 4, 3);
  }

  @Test
  void badFoldCountsNameTheKey() {
    assertThatThrownBy(() -> Folds.plain(10, 1, 0)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("tune.folds must be >= 2");
    assertThatThrownBy(() -> Folds.plain(10, 11, 0)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("tune.folds").hasMessageContaining("(10)");
    assertThatThrownBy(() -> Folds.stratified(new int[] {0, 1, 0}, 4, 0)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("tune.folds");
  }

  @Test
  void metricStatsAreTheMeanAndTheSampleStandardDeviation() {
    Map<String, Double> fold0 = new LinkedHashMap<>();
    fold0.put("accuracy", 0.8);
    fold0.put("test_loss", 1.0);
    Map<String, Double> fold1 = Map.of("accuracy", 0.9, "test_loss", 2.0);
    Map<String, Double> fold2 = Map.of("accuracy", 0.7, "test_loss", 6.0);
    Map<String, MetricStats> stats = MetricStats.summarize(List.of(fold0, fold1, fold2));

    assertThat(stats.keySet()).containsExactly("accuracy", "test_loss");
    // accuracy: mean 0.8, squared deviations 0, 0.01, 0.01 -> variance 0.02 / 2 = 0.01
    assertThat(stats.get("accuracy").mean()).isCloseTo(0.8, offset(1e-12));
    assertThat(stats.get("accuracy").std()).isCloseTo(0.1, offset(1e-12));
    // test_loss: mean 3, squared deviations 4, 1, 9 -> variance 14 / 2 = 7
    assertThat(stats.get("test_loss").mean()).isCloseTo(3.0, offset(1e-12));
    assertThat(stats.get("test_loss").std()).isCloseTo(Math.sqrt(7), offset(1e-12));
    assertThat(MetricStats.summarize(List.of(fold1)).get("accuracy")).isEqualTo(new MetricStats(0.9, 0));
    assertThatThrownBy(() -> MetricStats.summarize(List.of(fold0, Map.of("accuracy", 0.5))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test_loss");
  }

  @Test
  void tuneSpecValidatesItsValues() {
    SearchSpace space = new SearchSpace(List.of(new LogUniform("optimizer.learning-rate", 1e-4, 1e-1)));
    TuneSpec spec = new TuneSpec("accuracy", Goal.MAXIMIZE, StrategyType.TPE, 24, 7, space, null, 5, 1);
    assertThat(spec.crossValidation()).isTrue();
    assertThat(spec.searchStrategy().propose(0, List.of())).containsOnlyKeys("optimizer.learning-rate");
    assertThatThrownBy(() -> new TuneSpec("accuracy", Goal.MAXIMIZE, StrategyType.TPE, 0, 7, space, null, 0, 1))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.trials must be >= 1");
    assertThatThrownBy(() -> new TuneSpec("accuracy", Goal.MAXIMIZE, StrategyType.TPE, 4, 7, space, null, 1, 1))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.folds");
    assertThatThrownBy(() -> new TuneSpec("accuracy", Goal.MAXIMIZE, StrategyType.TPE, 4, 7, space, null, 0, 0))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.trial-workers");
    assertThatThrownBy(() -> new TuneSpec(" ", Goal.MAXIMIZE, StrategyType.TPE, 4, 7, space, null, 0, 1))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.metric");
    assertThatThrownBy(() -> new TuneSpec("accuracy", Goal.MAXIMIZE, StrategyType.GRID, 4, 7, space, null, 0, 1))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.space.optimizer.learning-rate");
  }
}
