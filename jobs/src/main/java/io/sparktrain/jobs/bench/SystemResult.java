package io.sparktrain.jobs.bench;

import java.util.List;

/**
 * The JSON result file one child JVM writes: a {@link TrainingRun} with the system's name and the
 * process settings it ran under.
 *
 * @param system the system's name, as on the command line
 * @param ompNumThreads the child's {@code OMP_NUM_THREADS}, or "unset" for ND4J's default
 * @param javaVersion the child's Java runtime version
 * @param setup how the system was set up and fed, in words
 * @param trainExamples training examples in the data
 * @param testExamples test examples in the data
 * @param setupSeconds seconds before the first epoch (untimed)
 * @param epochs the epochs in order
 */
record SystemResult(String system, String ompNumThreads, String javaVersion, String setup, int trainExamples,
    int testExamples, double setupSeconds, List<EpochResult> epochs) {

  /** Names a run of {@code system}. */
  static SystemResult of(Contender system, String ompNumThreads, TrainingRun run) {
    return new SystemResult(system.id(), ompNumThreads, Runtime.version().toString(), run.setup(),
        run.trainExamples(), run.testExamples(), run.setupSeconds(), run.epochs());
  }
}
