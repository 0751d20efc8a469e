package io.sparktrain.driver.train;

import io.sparktrain.kernels.config.ConfigException;
import java.io.Serializable;

/**
 * The settings of {@code param-averaging} training (local SGD; YAML {@code training.averaging-frequency}
 * and {@code training.average-updater-state}).
 *
 * @param frequency local steps each worker takes between two averagings, &gt;= 1; a round never
 *     crosses an epoch boundary, so the last round of an epoch may be shorter
 * @param averageUpdaterState whether the workers' updater states (momentum, Adam's moments) are
 *     averaged with the parameters, so that every worker continues from the average; if not, each
 *     worker keeps its own state from round to round
 */
public record AveragingSpec(int frequency, boolean averageUpdaterState) implements Serializable {

  /** Default local steps per round (dl4j-spark's default averaging frequency). */
  public static final int DEFAULT_FREQUENCY = 5;
  /**
   * Default for averaging the updater state: on, so that all workers share one state, as the
   * parameters do (dl4j-spark's documented {@code saveUpdater} default).
   */
  public static final boolean DEFAULT_AVERAGE_UPDATER_STATE = true;

  /** Validates the frequency, naming its key. */
  public AveragingSpec {
    ConfigException.require(frequency >= 1, "training.averaging-frequency must be >= 1, got " + frequency);
  }

  /** The defaults: {@value #DEFAULT_FREQUENCY} local steps per round, updater state averaged. */
  public static AveragingSpec defaults() {
    return new AveragingSpec(DEFAULT_FREQUENCY, DEFAULT_AVERAGE_UPDATER_STATE);
  }
}
