package io.sparktrain.jobs.bench;

import java.util.List;

/**
 * What a {@link SystemRunner} measured.
 *
 * @param setup how the system was set up and fed, in words, for the report
 * @param trainExamples training examples in the data
 * @param testExamples test examples in the data
 * @param setupSeconds seconds from the start of the run to the first epoch: data loading,
 *     context start-up, data preparation (untimed for every system)
 * @param epochs the epochs in order
 */
record TrainingRun(String setup, int trainExamples, int testExamples, double setupSeconds,
    List<EpochResult> epochs) {}
