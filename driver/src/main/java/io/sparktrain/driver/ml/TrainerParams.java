package io.sparktrain.driver.ml;

import io.sparktrain.driver.train.AveragingSpec;
import io.sparktrain.driver.train.TrainingSpec;
import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.config.ScheduleSpec;
import io.sparktrain.kernels.config.TrainingRecipe;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The training {@code Param}s of one SparkTrain stage (estimator or model), owned by that stage,
 * with their defaults (the YAML job's defaults). Reached through {@link SparkTrainParams}; built
 * once in each stage's constructor. Validators reject a bad value when it is set, and Spark's
 * message names the param ({@code ... parameter learningRate given invalid value -1.0}).
 */
public final class TrainerParams implements Serializable {
  private static final long serialVersionUID = 1L;
  static final List<String> OPTIMIZERS = names(OptimizerType.values());
  static final List<String> INITS = names(Initialization.values());
  static final List<String> MODES = List.of("sync-gradient", "param-averaging");

  final IntArrayParam hiddenLayers;
  final Param<String> activation;
  final Param<String> init;
  final Param<String> optimizer;
  final DoubleParam learningRate;
  final IntParam batchSize;
  final IntParam epochs;
  final DoubleParam l2;
  final DoubleParam weightDecay;
  final DoubleParam dropout;
  final LongParam seed;
  final IntParam workers;
  final Param<String> trainingMode;
  final IntParam averagingFrequency;
  final BooleanParam shuffle;

  TrainerParams(Params owner) {
    hiddenLayers = new IntArrayParam(owner, "hiddenLayers",
        "units of each dense hidden layer, in order, each >= 1; [] for none (a linear model)",
        new Validators.PositiveEntries());
    activation = new Param<>(owner, "activation",
        "activation of the hidden layers: any DL4J activation (relu, tanh, sigmoid, leakyrelu, ...)",
        new Validators.ActivationName());
    init = new Param<>(owner, "init", "weight initialization, one of " + INITS, ParamValidators.inArray(INITS));
    optimizer = new Param<>(owner, "optimizer", "optimizer, one of " + OPTIMIZERS,
        ParamValidators.inArray(OPTIMIZERS));
    learningRate = new DoubleParam(owner, "learningRate", "base learning rate, > 0", ParamValidators.gt(0));
    batchSize = new IntParam(owner, "batchSize", "examples per worker per step (b), >= 1", ParamValidators.gtEq(1));
    epochs = new IntParam(owner, "epochs", "passes over the training data, >= 1", ParamValidators.gtEq(1));
    l2 = new DoubleParam(owner, "l2", "L2 penalty on the weights (not biases), >= 0", ParamValidators.gtEq(0));
    weightDecay = new DoubleParam(owner, "weightDecay",
        "decoupled weight decay of the weights, w -= lr * weightDecay * w, >= 0; adamw needs > 0",
        ParamValidators.gtEq(0));
    dropout = new DoubleParam(owner, "dropout",
        "probability of dropping each input of the layers after the first hidden layer (its activations), in [0, 1)",
        ParamValidators.inRange(0, 1, true, false));
    seed = new LongParam(owner, "seed", "seed of the weight initialization, shuffling and dropout");
    workers = new IntParam(owner, "workers", "training workers = data partitions, >= 1", ParamValidators.gtEq(1));
    trainingMode = new Param<>(owner, "trainingMode", "how workers' results are combined, one of " + MODES,
        ParamValidators.inArray(MODES));
    averagingFrequency = new IntParam(owner, "averagingFrequency",
        "param-averaging: local steps per worker between averagings, >= 1", ParamValidators.gtEq(1));
    shuffle = new BooleanParam(owner, "shuffle", "whether each worker reshuffles its examples every epoch");

    owner.setDefault(hiddenLayers, new int[] {64});
    owner.setDefault(activation, "relu");
    owner.setDefault(init, "xavier");
    owner.setDefault(optimizer, "adam");
    owner.setDefault(learningRate, 0.001);
    owner.setDefault(batchSize, 64);
    owner.setDefault(epochs, 5);
    owner.setDefault(l2, 0.0);
    owner.setDefault(weightDecay, 0.0);
    owner.setDefault(dropout, 0.0);
    owner.setDefault(seed, 42L);
    owner.setDefault(workers, 2);
    owner.setDefault(trainingMode, "sync-gradient");
    owner.setDefault(averagingFrequency, AveragingSpec.DEFAULT_FREQUENCY);
    owner.setDefault(shuffle, true);
  }

  /**
   * The layer list the params describe: dense hidden layers of {@code hiddenLayers} units, then
   * the output layer (softmax with cross-entropy for a classifier, identity with squared error for
   * a regressor, sized from the data).
   */
  static ModelSpec modelSpec(SparkTrainParams params, boolean classification) {
    Activation hidden = Validators.activation(params.getActivation());
    double dropout = params.getDropout();
    List<LayerSpec> layers = new ArrayList<>();
    int[] units = params.getHiddenLayers();
    for (int i = 0; i < units.length; i++) {
      layers.add(new LayerSpec.Dense(units[i], hidden, i == 0 ? 0 : dropout));
    }
    layers.add(classification
        ? new LayerSpec.Output(0, Activation.SOFTMAX, LossFunction.MCXENT, units.length == 0 ? 0 : dropout)
        : new LayerSpec.Output(0, Activation.IDENTITY, LossFunction.MSE, units.length == 0 ? 0 : dropout));
    return new ModelSpec(enumOf(Initialization.class, params.getInit()), layers);
  }

  /** The recipe a YAML job with the same settings builds: fixed learning rate, L2 and weight decay. */
  static TrainingRecipe recipe(SparkTrainParams params, boolean classification) {
    OptimizerType type = enumOf(OptimizerType.class, params.getOptimizer());
    ConfigException.require(type != OptimizerType.ADAMW || params.getWeightDecay() > 0,
        "optimizer adamw needs weightDecay > 0 (its decoupled decay), got " + params.getWeightDecay());
    return new TrainingRecipe(modelSpec(params, classification), OptimizerSpec.of(type, params.getLearningRate()),
        ScheduleSpec.fixed(), new RegularizationSpec(0, params.getL2(), params.getWeightDecay(), 0, 0),
        params.getSeed());
  }

  /** How the params say to run the loop: mode, per-worker batch, epochs. */
  static TrainingSpec trainingSpec(SparkTrainParams params) {
    return params.getTrainingMode().equals("param-averaging")
        ? TrainingSpec.paramAveraging(params.getBatchSize(), params.getEpochs(),
            new AveragingSpec(params.getAveragingFrequency(), AveragingSpec.DEFAULT_AVERAGE_UPDATER_STATE))
        : TrainingSpec.syncGradient(params.getBatchSize(), params.getEpochs());
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
    return Enum.valueOf(type, name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
  }
}
