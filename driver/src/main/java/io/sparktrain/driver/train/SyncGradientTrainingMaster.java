package io.sparktrain.driver.train;

import io.sparktrain.driver.data.ShardedDataset;
import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.driver.eval.EvaluationSpec;
import io.sparktrain.driver.eval.Evaluator;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.model.ParameterLayout;
import io.sparktrain.kernels.optim.OptimizerStep;
import io.sparktrain.kernels.train.GradientSum;
import io.sparktrain.ps.InProcessParameterServer;
import io.sparktrain.ps.ParameterServer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Synchronous gradient averaging with the {@code driver} transport. Each step: broadcast the
 * parameters, every worker computes the summed gradient of its next {@code b} examples, a
 * {@code treeAggregate} adds them up on the driver, the in-process parameter server applies one
 * update with the example-weighted mean gradient, and the step's broadcast is destroyed. With
 * {@code W} workers this is single-machine training with batch {@code W*b} on the same examples.
 * The schedule runs over {@code stepsPerEpoch * epochs} steps, from the base rate scaled by
 * {@code training.lr-scaling} for {@code W} workers. With {@code training.full-batch} the
 * per-worker batch is {@code ceil(N / W)} and each epoch is one step.
 *
 * <p>After every epoch the parameters are evaluated on the validation split and the test data;
 * with {@code training.early-stopping} an {@link EarlyStopping} trigger watches the validation
 * metric, the best epoch's parameters are kept, and the loop ends early when it says so.
 */
public final class SyncGradientTrainingMaster implements TrainingMaster {
  private final JavaSparkContext spark;
  private final TrainingRecipe recipe;
  private final TrainingSpec training;
  private final EvaluationSpec evaluation;
  private final boolean shuffle;
  private final int nativeThreads;

  /**
   * @param spark the Spark context
   * @param recipe model, optimizer, schedule, regularization, seed
   * @param training batch size, epochs, learning-rate scaling, logging
   * @param evaluation the optional metrics of the test and validation evaluations after every epoch
   * @param shuffle whether workers reshuffle their examples each epoch
   * @param nativeThreads ND4J threads per worker
   */
  public SyncGradientTrainingMaster(JavaSparkContext spark, TrainingRecipe recipe, TrainingSpec training,
      EvaluationSpec evaluation, boolean shuffle, int nativeThreads) {
    this.spark = spark;
    this.recipe = recipe;
    this.training = training;
    this.evaluation = evaluation;
    this.shuffle = shuffle;
    this.nativeThreads = nativeThreads;
  }

  @Override
  public TrainingResult fit(ShardedDataset data, ShardedDataset validation, ShardedDataset test,
      TrainingListener listener) {
    return fit(data, validation, test, NetworkFactory.initialParameters(recipe.model(), data.shape(), recipe.seed()),
        listener);
  }

  @Override
  public TrainingResult fit(ShardedDataset data, ShardedDataset validation, ShardedDataset test,
      float[] initialParameters, TrainingListener listener) {
    ConfigException.require(training.earlyStopping() == null || validation != null,
        "training.early-stopping needs a validation split: set data.validation-fraction > 0");
    int batchSize = training.batchSize().examplesPerWorker(data.workers(), data.count());
    int stepsPerEpoch = data.stepsPerEpoch(batchSize);
    MultiLayerNetwork network = NetworkFactory.build(recipe.model(), data.shape(), recipe.seed());
    OptimizerStep optimizer = recipe.optimizerStep(ParameterLayout.of(network),
        (long) stepsPerEpoch * training.epochs(), training.lrScaling().factor(data.workers()));
    ParameterServer server = new InProcessParameterServer(optimizer, initialParameters);
    GradientWorker worker = new GradientWorker(recipe.model(), data.shape(), recipe.seed(), batchSize,
        shuffle, nativeThreads);
    Evaluator evaluator = new Evaluator(spark, recipe.model(), evaluation, nativeThreads);
    EarlyStopping stopping = training.earlyStopping() == null ? null : new EarlyStopping(training.earlyStopping());
    float[] bestParameters = null;
    Evaluation bestTest = null;
    Evaluation bestValidation = null;
    int bestEpoch = -1;
    int epochsRun = 0;
    double totalSeconds = 0;
    long totalExamples = 0;
    for (int epoch = 0; epoch < training.epochs(); epoch++) {
      long started = System.nanoTime();
      double lossSum = 0;
      long examples = 0;
      for (int step = 0; step < stepsPerEpoch; step++) {
        long globalStep = server.step();
        GradientSum gradient = workerGradients(data, server.parameters(), worker, epoch, step, globalStep);
        if (!gradient.isFinite()) {
          throw new TrainingDivergedException("training diverged at step " + globalStep + " (epoch "
              + (epoch + 1) + "): " + (Double.isFinite(gradient.meanLoss()) ? "the gradient holds NaN or"
              + " infinite values" : "the loss is " + gradient.meanLoss()) + " at learning rate "
              + optimizer.learningRate(globalStep, epoch)
              + "; lower optimizer.learning-rate or set regularization.clip-norm");
        }
        double rate = server.apply(gradient, epoch);
        lossSum += gradient.meanLoss() * gradient.count();
        examples += gradient.count();
        double seconds = (System.nanoTime() - started) / 1e9;
        listener.onStep(new TrainingListener.StepReport(globalStep, epoch, step, stepsPerEpoch,
            gradient.meanLoss(), rate, gradient.count(), examples / seconds));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      totalSeconds += seconds;
      totalExamples += examples;
      float[] parameters = server.parameters();
      Evaluation testEvaluation = test == null ? null : evaluator.evaluate(test, parameters);
      Evaluation validationEvaluation = validation == null ? null : evaluator.evaluate(validation, parameters);
      listener.onEpoch(new TrainingListener.EpochReport(epoch, server.step(), lossSum / examples, seconds,
          examples / seconds, testEvaluation, validationEvaluation));
      if (stopping == null || stopping.observe(epoch, training.earlyStopping().metric().of(validationEvaluation))) {
        bestParameters = parameters;
        bestTest = testEvaluation;
        bestValidation = validationEvaluation;
        bestEpoch = epoch;
      }
      epochsRun = epoch + 1;
      if (stopping != null && stopping.shouldStop()) {
        break;
      }
    }
    return new TrainingResult(bestParameters, server.step(), epochsRun, totalSeconds, totalExamples / totalSeconds,
        bestTest, bestValidation, bestEpoch, epochsRun < training.epochs());
  }

  private GradientSum workerGradients(ShardedDataset data, float[] parameters, GradientWorker worker,
      int epoch, int step, long globalStep) {
    Broadcast<float[]> shared = spark.broadcast(parameters);
    try {
      return data.shards()
          .map(shard -> worker.gradient(shard, shared.value(), epoch, step, globalStep))
          .treeAggregate(new GradientSum(), GradientSum::combine, GradientSum::combine);
    } finally {
      shared.destroy();
    }
  }
}
