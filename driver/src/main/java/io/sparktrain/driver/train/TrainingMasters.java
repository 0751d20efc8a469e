package io.sparktrain.driver.train;

import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.model.ParameterLayout;
import io.sparktrain.kernels.optim.OptimizerStep;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/** Builds the {@link TrainingMaster} of a {@link TrainingMode}, and what every master needs to start. */
public final class TrainingMasters {
  private TrainingMasters() {}

  /**
   * The master for {@code training.mode()} and {@code training.transport()}: {@link
   * SyncGradientTrainingMaster}, {@link ShardedPsTrainingMaster} (sync-gradient over sharded-ps)
   * or {@link ParamAveragingTrainingMaster}.
   *
   * @param spark the Spark context
   * @param recipe model, optimizer, schedule, regularization, seed
   * @param training mode, batch size, epochs, learning-rate scaling, logging
   * @param evaluation the optional metrics of the test evaluation after every epoch
   * @param shuffle whether workers reshuffle their examples each epoch
   * @param nativeThreads ND4J threads per worker
   */
  public static TrainingMaster create(JavaSparkContext spark, TrainingRecipe recipe, TrainingSpec training,
      EvaluationSpec evaluation, boolean shuffle, int nativeThreads) {
    return switch (training.mode()) {
      case SYNC_GRADIENT -> training.transport() == Transport.SHARDED_PS
          ? new ShardedPsTrainingMaster(spark, recipe, training, evaluation, shuffle, nativeThreads)
          : new SyncGradientTrainingMaster(spark, recipe, training, evaluation, shuffle, nativeThreads);
      case PARAM_AVERAGING -> new ParamAveragingTrainingMaster(spark, recipe, training, evaluation, shuffle,
          nativeThreads);
    };
  }

  /**
   * The optimizer step of a run over {@code data}: the schedule spans {@code stepsPerEpoch * epochs}
   * steps and starts from the base rate scaled by {@code training.lr-scaling} for the data's workers.
   *
   * @param start where the run starts, whose parameters must fit the recipe's network
   * @throws ConfigException when they do not (a checkpoint of another model)
   */
  static OptimizerStep optimizerStep(TrainingRecipe recipe, TrainingSpec training, ShardedDataset data,
      int stepsPerEpoch, TrainingState start) {
    ParameterLayout layout = ParameterLayout.of(NetworkFactory.build(recipe.model(), data.shape(), recipe.seed()));
    ConfigException.require(start.parameters().length == layout.size(), "the starting parameters (of a checkpoint"
        + " or model) hold " + start.parameters().length + " values but the configured model has " + layout.size()
        + ": they belong to another model");
    return recipe.optimizerStep(layout, (long) stepsPerEpoch * training.epochs(),
        training.lrScaling().factor(data.workers()));
  }

  /**
   * The optimizer states a run starts from: {@code count} fresh ones for a new run, else the saved ones.
   *
   * @throws ConfigException when the saved states are not {@code count} states of this optimizer's
   *     size (a checkpoint of another optimizer, worker count or updater-state rule)
   */
  static List<float[]> updaterStates(TrainingState start, OptimizerStep optimizer, int count) {
    int size = optimizer.newState().length;
    if (start.fresh()) {
      List<float[]> states = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        states.add(optimizer.newState());
      }
      return states;
    }
    for (float[] state : start.updaterStates()) {
      ConfigException.require(state.length == size, "the checkpoint's optimizer state holds " + state.length
          + " values but the configured optimizer needs " + size + ": it belongs to another optimizer.type");
    }
    ConfigException.require(start.updaterStates().size() == count, "the checkpoint holds "
        + start.updaterStates().size() + " optimizer states but this run needs " + count
        + ": it was written with another spark.workers or training.average-updater-state");
    return start.updaterStates().stream().map(float[]::clone).toList();
  }
}
