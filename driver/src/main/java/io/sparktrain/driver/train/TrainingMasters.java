package io.sparktrain.driver.train;

import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.model.ParameterLayout;
import io.sparktrain.kernels.optim.OptimizerStep;
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
   */
  static OptimizerStep optimizerStep(TrainingRecipe recipe, TrainingSpec training, ShardedDataset data,
      int stepsPerEpoch) {
    ParameterLayout layout = ParameterLayout.of(NetworkFactory.build(recipe.model(), data.shape(), recipe.seed()));
    return recipe.optimizerStep(layout, (long) stepsPerEpoch * training.epochs(),
        training.lrScaling().factor(data.workers()));
  }
}
