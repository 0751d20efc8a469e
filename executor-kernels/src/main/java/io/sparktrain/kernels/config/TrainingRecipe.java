package io.sparktrain.kernels.config;

import io.sparktrain.kernels.model.ParameterLayout;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.kernels.optim.Schedules;
import java.io.Serializable;

/**
 * What to train and how to update it, independent of how the work is distributed: the
 * distributed trainer and the single-machine reference trainer take the same recipe.
 *
 * @param model the layer list
 * @param optimizer the updater and its hyperparameters
 * @param schedule how the learning rate changes over steps
 * @param regularization penalties on the weights
 * @param seed the job seed; weight initialization, shuffling and dropout derive from it
 */
public record TrainingRecipe(ModelSpec model, OptimizerSpec optimizer, ScheduleSpec schedule,
    RegularizationSpec regularization, long seed) implements Serializable {

  /** Requires every part, and a schedule's minimum rate below the base rate. */
  public TrainingRecipe {
    ConfigException.require(model != null, "model is required");
    ConfigException.require(optimizer != null, "optimizer is required");
    ConfigException.require(schedule != null, "schedule is required");
    ConfigException.require(regularization != null, "regularization is required");
    ConfigException.require(optimizer.type() != OptimizerType.ADAMW || regularization.weightDecay() > 0,
        "optimizer.type adamw needs regularization.weight-decay > 0 (its decoupled decay), got "
            + regularization.weightDecay());
    ConfigException.require(!schedule.endsAtMinRate() || schedule.minRate() < optimizer.learningRate(),
        "schedule.min-rate must be < optimizer.learning-rate (" + optimizer.learningRate() + "), got "
            + schedule.minRate());
  }

  /**
   * The optimizer step for one run of a network with the given parameter layout.
   *
   * @param layout where the weights are in the flat parameter vector
   * @param totalSteps optimizer steps in the whole run (steps per epoch times epochs), &gt;= 1;
   *     polynomial and cosine schedules decay over them, and a warmup must end before them
   * @param learningRateScale factor on {@code optimizer.learning-rate}, &gt;= 1: the worker count or
   *     its square root under learning-rate scaling, 1 without
   * @throws ConfigException if the schedule's warmup is not shorter than the run
   */
  public OptimizerStep optimizerStep(ParameterLayout layout, long totalSteps, double learningRateScale) {
    if (!(learningRateScale >= 1 && Double.isFinite(learningRateScale))) {
      throw new IllegalArgumentException("a learning-rate scale must be finite and >= 1, got " + learningRateScale);
    }
    return new OptimizerStep(optimizer,
        Schedules.create(schedule, optimizer.learningRate() * learningRateScale, totalSteps), regularization,
        layout, model.frozenLayers());
  }
}
