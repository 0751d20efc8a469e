package io.sparktrain.kernels.config;

import io.sparktrain.kernels.model.ParameterLayout;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.kernels.optim.Schedule;
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
public record TrainingRecipe(ModelSpec model, OptimizerSpec optimizer, ScheduleType schedule,
    RegularizationSpec regularization, long seed) implements Serializable {

  /** Requires every part. */
  public TrainingRecipe {
    ConfigException.require(model != null, "model is required");
    ConfigException.require(optimizer != null, "optimizer is required");
    ConfigException.require(schedule != null, "schedule.type is required");
    ConfigException.require(regularization != null, "regularization is required");
    ConfigException.require(optimizer.type() != OptimizerType.ADAMW || regularization.weightDecay() > 0,
        "optimizer.type adamw needs regularization.weight-decay > 0 (its decoupled decay), got "
            + regularization.weightDecay());
  }

  /** The optimizer step for a network with the given parameter layout. */
  public OptimizerStep optimizerStep(ParameterLayout layout) {
    Schedule rates = switch (schedule) {
      case FIXED -> new Schedule.Fixed(optimizer.learningRate());
    };
    return new OptimizerStep(optimizer, rates, regularization, layout, model.frozenLayers());
  }
}
