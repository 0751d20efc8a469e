package io.sparktrain.driver.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.kernels.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The early-stopping trigger's patience and min-delta rules, without Spark. */
class EarlyStoppingTest {

  @Test
  void aMinimizedMetricStopsAfterPatienceEpochsWithoutANewLow() {
    EarlyStopping stopping = new EarlyStopping(new EarlyStoppingSpec(StoppingMetric.LOSS, 2, 0));

    assertThat(stopping.observe(0, 1.0)).isTrue();
    assertThat(stopping.observe(1, 0.5)).isTrue();
    assertThat(stopping.observe(2, 0.75)).isFalse();
    assertThat(stopping.shouldStop()).isFalse();
    assertThat(stopping.observe(3, 0.5)).as("equal is no improvement").isFalse();
    assertThat(stopping.shouldStop()).isTrue();
    assertThat(stopping.bestEpoch()).isEqualTo(1);
  }

  @Test
  void anImprovementResetsThePatience() {
    EarlyStopping stopping = new EarlyStopping(new EarlyStoppingSpec(StoppingMetric.LOSS, 2, 0));
    stopping.observe(0, 1.0);
    stopping.observe(1, 2.0);

    assertThat(stopping.observe(2, 0.25)).isTrue();
    stopping.observe(3, 0.5);

    assertThat(stopping.shouldStop()).isFalse();
    assertThat(stopping.bestEpoch()).isEqualTo(2);
  }

  @Test
  void onlyAChangeOfMoreThanMinDeltaFromTheBestCountsAndSmallStepsDoNotMoveTheBest() {
    EarlyStopping stopping = new EarlyStopping(new EarlyStoppingSpec(StoppingMetric.LOSS, 3, 0.25));
    stopping.observe(0, 1.0);

    assertThat(stopping.observe(1, 0.75)).as("exactly min-delta is not more than it").isFalse();
    assertThat(stopping.observe(2, 0.8125)).isFalse();
    assertThat(stopping.observe(3, 0.625)).as("0.375 below the best of epoch 0").isTrue();
    assertThat(stopping.bestEpoch()).isEqualTo(3);
  }

  @Test
  void aMaximizedMetricImprovesUpwards() {
    EarlyStopping stopping = new EarlyStopping(new EarlyStoppingSpec(StoppingMetric.ACCURACY, 1, 0.125));
    stopping.observe(0, 0.5);

    assertThat(stopping.observe(1, 0.75)).isTrue();
    assertThat(stopping.observe(2, 0.8125)).as("up by less than min-delta").isFalse();
    assertThat(stopping.shouldStop()).isTrue();
    assertThat(stopping.bestEpoch()).isEqualTo(1);
  }

  @Test
  void aNanNeverImprovesButANumberImprovesOnAFirstNan() {
    EarlyStopping stopping = new EarlyStopping(new EarlyStoppingSpec(StoppingMetric.R2, 5, 0));

    assertThat(stopping.observe(0, Double.NaN)).as("the first epoch is the best so far").isTrue();
    assertThat(stopping.observe(1, -3.0)).isTrue();
    assertThat(stopping.observe(2, Double.NaN)).isFalse();
    assertThat(stopping.bestEpoch()).isEqualTo(1);
  }

  @Test
  void theSpecNamesTheKeyOfABadValue() {
    assertThatThrownBy(() -> new EarlyStoppingSpec(StoppingMetric.LOSS, 0, 0))
        .isInstanceOf(ConfigException.class).hasMessage("training.early-stopping.patience must be >= 1, got 0");
    assertThatThrownBy(() -> new EarlyStoppingSpec(StoppingMetric.LOSS, 1, -0.1))
        .isInstanceOf(ConfigException.class)
        .hasMessage("training.early-stopping.min-delta must be a finite number >= 0, got -0.1");
  }

  @Test
  void aMetricMustExistForTheTask() {
    StoppingMetric.LOSS.requireFits(0);
    StoppingMetric.ROC_AUC.requireFits(2);
    assertThatThrownBy(() -> StoppingMetric.ACCURACY.requireFits(0)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.early-stopping.metric accuracy does not apply to regression");
    assertThatThrownBy(() -> StoppingMetric.ROC_AUC.requireFits(3)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("roc-auc does not apply to classification with 3 classes");
    assertThatThrownBy(() -> StoppingMetric.MSE.requireFits(3)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("it applies to regression");
  }
}
