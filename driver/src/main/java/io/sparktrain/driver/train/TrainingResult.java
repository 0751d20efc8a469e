package io.sparktrain.driver.train;

/**
 * What a training run ends with.
 *
 * @param parameters the final flat parameters
 * @param steps global steps taken
 * @param epochs epochs completed
 * @param trainSeconds time spent in training steps (evaluation excluded)
 * @param samplesPerSecond training examples per second over the whole run
 * @param test the evaluation of the final parameters on the test data, or null without test data
 */
public record TrainingResult(float[] parameters, long steps, int epochs, double trainSeconds,
    double samplesPerSecond, io.sparktrain.driver.eval.Evaluation test) {}
