package io.sparktrain.kernels.optim;

import io.sparktrain.kernels.config.OptimizerSpec;

/** Creates the {@link Updater} that an {@link OptimizerSpec} describes. */
public final class Updaters {
  private Updaters() {}

  /**
   * The updater for {@code spec}; the learning rate comes from the schedule at each step. AdamW's
   * decoupled weight decay is applied by {@link OptimizerStep}, so its updater is Adam's.
   */
  public static Updater create(OptimizerSpec spec) {
    return switch (spec.type()) {
      case SGD -> new SgdUpdater();
      case MOMENTUM -> new MomentumUpdater(spec.momentum());
      case NESTEROV -> new NesterovUpdater(spec.momentum());
      case ADAM, ADAMW -> new AdamUpdater(spec.beta1(), spec.beta2(), spec.epsilon());
      case RMSPROP -> new RmsPropUpdater(spec.rmsDecay(), spec.epsilon());
      case ADAGRAD -> new AdaGradUpdater(spec.epsilon());
    };
  }
}
