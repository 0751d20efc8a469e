package io.sparktrain.driver.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.kernels.config.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
  private static final String LR = "optimizer.learning-rate";

  @Test
  void badDimensionsNameTheirKey() {
    assertThatThrownBy(() -> new Choice("optimizer.type", List.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.space.optimizer.type")
        .hasMessageContaining("at least one value");
    assertThatThrownBy(() -> new Uniform("regularization.l2", 0.5, 0.1))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.space.regularization.l2")
        .hasMessageContaining("low <= high");
    assertThatThrownBy(() -> new LogUniform(LR, 0, 0.1))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.space.optimizer.learning-rate")
        .hasMessageContaining("> 0");
    assertThatThrownBy(() -> new LogUniform(LR, -1e-3, 0.1))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.space.optimizer.learning-rate");
    assertThatThrownBy(() -> new Uniform("data.validation-fraction", Double.NaN, 0.2))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.space.data.validation-fraction")
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> new LogUniform(LR, 1e-4, Double.POSITIVE_INFINITY))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.space.optimizer.learning-rate");
    assertThatThrownBy(() -> new IntUniform("model.layers.0.units", 64, 16))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.space.model.layers.0.units");
    assertThatThrownBy(() -> new Choice("optimizer.type", List.of("sgd", "sgd")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.space.optimizer.type")
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> new SearchSpace(List.of(new Uniform("a", 0, 1), new Choice("a", List.of(1)))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.space.a is listed twice");
    assertThatThrownBy(() -> new SearchSpace(List.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.space is required");
  }

  @Test
  void samplesStayInRangeWithTheRightTypesAndLogUniformIsUniformInLogSpace() {
    LogUniform lr = new LogUniform(LR, 1e-4, 1e-1);
    IntUniform units = new IntUniform("model.layers.0.units", 2, 5);
    Uniform dropout = new Uniform("model.layers.0.dropout", 0.1, 0.3);
    SplittableRandom random = new SplittableRandom(3);
    int belowMilli = 0;
    Set<Object> unitValues = new HashSet<>();
    for (int i = 0; i < 3000; i++) {
      double rate = (Double) lr.sample(random);
      assertThat(rate).isBetween(1e-4, 1e-1);
      belowMilli += rate < 1e-3 ? 1 : 0;
      Object unit = units.sample(random);
      assertThat(unit).isInstanceOf(Integer.class);
      unitValues.add(unit);
      assertThat((Double) dropout.sample(random)).isBetween(0.1, 0.3);
    }
    // One decade of three: a third of the draws in log space, 1% in linear space.
    assertThat(belowMilli / 3000.0).isBetween(0.29, 0.37);
    assertThat(unitValues).containsExactlyInAnyOrder(2, 3, 4, 5);
    assertThat(new IntUniform("k", 0, 5_000_000_000L).sample(random)).isInstanceOf(Long.class);
  }

  @Test
  void unitMappingRoundTrips() {
    LogUniform lr = new LogUniform(LR, 1e-4, 1e-1);
    assertThat(lr.toUnit(1e-4)).isEqualTo(0.0);
    assertThat(lr.toUnit(1e-1)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat((Double) lr.fromUnit(lr.toUnit(3e-3))).isCloseTo(3e-3, org.assertj.core.data.Offset.offset(1e-15));
    IntUniform units = new IntUniform("u", 10, 13);
    for (int v = 10; v <= 13; v++) {
      assertThat(units.fromUnit(units.toUnit(v))).isEqualTo(v);
    }
    Choice type = new Choice("optimizer.type", List.of("sgd", "nesterov", "adam"));
    for (Object value : type.values()) {
      assertThat(type.fromUnit(type.toUnit(value))).isEqualTo(value);
    }
    assertThatThrownBy(() -> type.toUnit("adagrad")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gridEnumeratesEveryCombinationExactlyOnceInOrder() {
    SearchSpace space = new SearchSpace(List.of(
        new Choice("optimizer.type", List.of("sgd", "nesterov", "adam")),
        new IntUniform("training.epochs", 1, 4),
        new Choice("data.shuffle", List.of(true, false))));
    SearchStrategy grid = SearchStrategy.create(StrategyType.GRID, space, Goal.MAXIMIZE, 1);

    assertThat(space.gridSize()).isEqualTo(24);
    assertThat(grid.size()).hasValue(24);
    List<List<Object>> seen = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      Map<String, Object> point = grid.propose(i, List.of());
      assertThat(point.keySet()).containsExactly("optimizer.type", "training.epochs", "data.shuffle");
      seen.add(List.copyOf(point.values()));
    }
    Set<List<Object>> expected = new HashSet<>();
    for (Object type : List.of("sgd", "nesterov", "adam")) {
      for (int epochs = 1; epochs <= 4; epochs++) {
        for (Object shuffle : List.of(true, false)) {
          expected.add(List.of(type, epochs, shuffle));
        }
      }
    }
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen)).isEqualTo(expected);
    assertThat(seen.get(0)).containsExactly("sgd", 1, true);
    assertThat(seen.get(1)).containsExactly("sgd", 1, false);
    assertThat(seen.get(23)).containsExactly("adam", 4, false);
    assertThat(grid.propose(24, List.of())).isNull();
  }

  @Test
  void gridRejectsRealRangesNamingTheKey() {
    SearchSpace space = new SearchSpace(List.of(new Choice("optimizer.type", List.of("sgd")),
        new LogUniform(LR, 1e-4, 1e-1)));
    assertThatThrownBy(space::gridSize).isInstanceOf(ConfigException.class)
        .hasMessageContaining("tune.space.optimizer.learning-rate").hasMessageContaining("grid");
    assertThatThrownBy(() -> SearchStrategy.create(StrategyType.GRID, space, Goal.MAXIMIZE, 1))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tune.space.optimizer.learning-rate");
  }

  @Test
  void goalIsInferredFromTheMetricName() {
    for (String metric : List.of("accuracy", "validation_accuracy", "f1_macro", "precision_micro", "recall_macro",
        "top_5_accuracy", "roc_auc", "r2", "samples_per_second")) {
      assertThat(Goal.inferredFor(metric)).as(metric).isEqualTo(Goal.MAXIMIZE);
    }
    for (String metric : List.of("train_loss", "test_loss", "validation_loss", "mse", "validation_mae", "rmse",
        "error", "seconds")) {
      assertThat(Goal.inferredFor(metric)).as(metric).isEqualTo(Goal.MINIMIZE);
    }
    assertThatThrownBy(() -> Goal.inferredFor("zebra")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("tune.goal").hasMessageContaining("zebra");
  }

  @Test
  void nanIsWorseThanAnyScoreUnderEitherGoal() {
    assertThat(Goal.MAXIMIZE.better(0.9, 0.8)).isTrue();
    assertThat(Goal.MAXIMIZE.better(0.8, 0.9)).isFalse();
    assertThat(Goal.MINIMIZE.better(0.8, 0.9)).isTrue();
    assertThat(Goal.MAXIMIZE.better(0.8, 0.8)).isFalse();
    for (Goal goal : Goal.values()) {
      assertThat(goal.better(-1e9, Double.NaN)).isTrue();
      assertThat(goal.better(Double.NaN, 1e9)).isFalse();
      assertThat(goal.better(Double.NaN, Double.NaN)).isFalse();
    }
    List<Double> scores = new ArrayList<>(List.of(0.5, Double.NaN, 0.9, 0.1));
    scores.sort(Goal.MINIMIZE.bestFirst());
    assertThat(scores).containsExactly(0.1, 0.5, 0.9, Double.NaN);
  }
}
