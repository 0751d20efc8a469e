package io.sparktrain.driver.tune;

import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.train.TrainingSpec;
import io.sparktrain.kernels.config.TrainingRecipe;

/**
 * How one trial trains: the job config with the trial's values, reduced to what the trainer needs.
 *
 * @param recipe model, optimizer, schedule, regularization and the job seed
 * @param training batch size and epochs (the epochs count when the search has no early stopping)
 * @param shuffle whether examples are reshuffled every epoch ({@code data.shuffle})
 * @param evaluation the optional metrics of the held-out evaluation
 */
public record TrialPlan(TrainingRecipe recipe, TrainingSpec training, boolean shuffle, EvaluationSpec evaluation) {}
