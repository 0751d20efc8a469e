package io.sparktrain.jobs.bench;

import java.util.function.Consumer;

/**
 * Trains the workload with one system. A runner owns its whole process: it may start a Spark
 * context and set ND4J up, so one JVM runs one runner once.
 */
interface SystemRunner {

  /**
   * Loads and prepares the data (untimed), then trains {@code workload.epochs()} epochs, timing
   * training and evaluation apart.
   *
   * @param onEpoch called after each epoch, for progress output
   */
  TrainingRun run(Workload workload, Consumer<EpochResult> onEpoch);
}
