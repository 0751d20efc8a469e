package io.sparktrain.driver.train;

import io.sparktrain.driver.eval.Evaluation;

/**
 * What a training run ends with: the parameters of its best epoch, which with early stopping is
 * the epoch with the best validation metric, and otherwise the last.
 *
 * @param parameters the flat parameters after the best epoch
 * @param steps global steps taken (over all epochs run)
 * @param epochs epochs run
 * @param trainSeconds time spent in training steps (evaluation excluded)
 * @param samplesPerSecond training examples per second over the whole run
 * @param test the evaluation of {@code parameters} on the test data, or null without test data
 * @param validation the evaluation of {@code parameters} on the validation split, or null without one
 * @param bestEpoch the zero-based epoch whose parameters these are
 * @param stoppedEarly whether early stopping ended the run before its configured epochs
 */
public record TrainingResult(float[] parameters, long steps, int epochs, double trainSeconds,
    double samplesPerSecond, Evaluation test, Evaluation validation, int bestEpoch, boolean stoppedEarly) {}
