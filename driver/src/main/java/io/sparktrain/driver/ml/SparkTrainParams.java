package io.sparktrain.driver.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training params that SparkTrain's estimators and models share, beside Spark's own column
 * params ({@code featuresCol}, {@code labelCol}, {@code predictionCol}, ...). Each maps onto a
 * YAML job key and has that key's default: {@code hiddenLayers} ({@code model.layers}, dense
 * units, default {@code [64]}), {@code activation} ({@code relu}), {@code init} ({@code xavier}),
 * {@code optimizer} ({@code adam}), {@code learningRate} ({@code 0.001}), {@code batchSize} (per
 * worker, {@code 64}), {@code epochs} ({@code 5}), {@code l2} ({@code 0}), {@code weightDecay}
 * ({@code 0}), {@code dropout} ({@code 0}), {@code seed} ({@code 42}), {@code workers}
 * ({@code spark.workers}, {@code 2}), {@code trainingMode} ({@code sync-gradient} or
 * {@code param-averaging}), {@code averagingFrequency} ({@code 5}) and {@code shuffle}
 * ({@code true}). A model carries the values of the estimator that fit it.
 */
public interface SparkTrainParams extends Params {

  /** The Param objects of this stage; machinery behind the accessors below. */
  TrainerParams trainerParams();

  /** Units of each dense hidden layer, in order. */
  default IntArrayParam hiddenLayers() {
    return trainerParams().hiddenLayers;
  }

  /** Activation of the hidden layers. */
  default Param<String> activation() {
    return trainerParams().activation;
  }

  /** Weight initialization. */
  default Param<String> init() {
    return trainerParams().init;
  }

  /** The optimizer. */
  default Param<String> optimizer() {
    return trainerParams().optimizer;
  }

  /** Base learning rate. */
  default DoubleParam learningRate() {
    return trainerParams().learningRate;
  }

  /** Examples per worker per step. */
  default IntParam batchSize() {
    return trainerParams().batchSize;
  }

  /** Passes over the training data. */
  default IntParam epochs() {
    return trainerParams().epochs;
  }

  /** L2 penalty on the weights. */
  default DoubleParam l2() {
    return trainerParams().l2;
  }

  /** Decoupled weight decay. */
  default DoubleParam weightDecay() {
    return trainerParams().weightDecay;
  }

  /** Dropout on the inputs of every layer after the first hidden layer. */
  default DoubleParam dropout() {
    return trainerParams().dropout;
  }

  /** Seed of initialization, shuffling and dropout. */
  default LongParam seed() {
    return trainerParams().seed;
  }

  /** Training workers, one data partition each. */
  default IntParam workers() {
    return trainerParams().workers;
  }

  /** {@code sync-gradient} or {@code param-averaging}. */
  default Param<String> trainingMode() {
    return trainerParams().trainingMode;
  }

  /** Local steps between averagings under {@code param-averaging}. */
  default IntParam averagingFrequency() {
    return trainerParams().averagingFrequency;
  }

  /** Whether workers reshuffle their examples every epoch. */
  default BooleanParam shuffle() {
    return trainerParams().shuffle;
  }

  /** The value of {@link #hiddenLayers()}. */
  default int[] getHiddenLayers() {
    return getOrDefault(hiddenLayers()).clone();
  }

  /** The value of {@link #activation()}. */
  default String getActivation() {
    return getOrDefault(activation());
  }

  /** The value of {@link #init()}. */
  default String getInit() {
    return getOrDefault(init());
  }

  /** The value of {@link #optimizer()}. */
  default String getOptimizer() {
    return getOrDefault(optimizer());
  }

  /** The value of {@link #learningRate()}. */
  default double getLearningRate() {
    return (Double) getOrDefault(learningRate());
  }

  /** The value of {@link #batchSize()}. */
  default int getBatchSize() {
    return (Integer) getOrDefault(batchSize());
  }

  /** The value of {@link #epochs()}. */
  default int getEpochs() {
    return (Integer) getOrDefault(epochs());
  }

  /** The value of {@link #l2()}. */
  default double getL2() {
    return (Double) getOrDefault(l2());
  }

  /** The value of {@link #weightDecay()}. */
  default double getWeightDecay() {
    return (Double) getOrDefault(weightDecay());
  }

  /** The value of {@link #dropout()}. */
  default double getDropout() {
    return (Double) getOrDefault(dropout());
  }

  /** The value of {@link #seed()}. */
  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  /** The value of {@link #workers()}. */
  default int getWorkers() {
    return (Integer) getOrDefault(workers());
  }

  /** The value of {@link #trainingMode()}. */
  default String getTrainingMode() {
    return getOrDefault(trainingMode());
  }

  /** The value of {@link #averagingFrequency()}. */
  default int getAveragingFrequency() {
    return (Integer) getOrDefault(averagingFrequency());
  }

  /** The value of {@link #shuffle()}. */
  default boolean getShuffle() {
    return (Boolean) getOrDefault(shuffle());
  }
}
