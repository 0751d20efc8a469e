package io.sparktrain.driver.ml;

/**
 * Setters of the training params, on the estimators; each returns the estimator for chaining and
 * fails with an {@link IllegalArgumentException} naming the param when the value is not allowed.
 *
 * @param <E> the estimator type
 */
public interface SparkTrainSetters<E extends SparkTrainSetters<E>> extends SparkTrainParams {

  /** Sets {@link #hiddenLayers()}. */
  default E setHiddenLayers(int... units) {
    set(hiddenLayers(), units.clone());
    return self();
  }

  /** Sets {@link #activation()}. */
  default E setActivation(String value) {
    set(activation(), value);
    return self();
  }

  /** Sets {@link #init()}. */
  default E setInit(String value) {
    set(init(), value);
    return self();
  }

  /** Sets {@link #optimizer()}. */
  default E setOptimizer(String value) {
    set(optimizer(), value);
    return self();
  }

  /** Sets {@link #learningRate()}. */
  default E setLearningRate(double value) {
    set(learningRate(), value);
    return self();
  }

  /** Sets {@link #batchSize()}. */
  default E setBatchSize(int value) {
    set(batchSize(), value);
    return self();
  }

  /** Sets {@link #epochs()}. */
  default E setEpochs(int value) {
    set(epochs(), value);
    return self();
  }

  /** Sets {@link #l2()}. */
  default E setL2(double value) {
    set(l2(), value);
    return self();
  }

  /** Sets {@link #weightDecay()}. */
  default E setWeightDecay(double value) {
    set(weightDecay(), value);
    return self();
  }

  /** Sets {@link #dropout()}. */
  default E setDropout(double value) {
    set(dropout(), value);
    return self();
  }

  /** Sets {@link #seed()}. */
  default E setSeed(long value) {
    set(seed(), value);
    return self();
  }

  /** Sets {@link #workers()}. */
  default E setWorkers(int value) {
    set(workers(), value);
    return self();
  }

  /** Sets {@link #trainingMode()}. */
  default E setTrainingMode(String value) {
    set(trainingMode(), value);
    return self();
  }

  /** Sets {@link #averagingFrequency()}. */
  default E setAveragingFrequency(int value) {
    set(averagingFrequency(), value);
    return self();
  }

  /** Sets {@link #shuffle()}. */
  default E setShuffle(boolean value) {
    set(shuffle(), value);
    return self();
  }

  @SuppressWarnings("unchecked")
  private E self() {
    return (E) this;
  }
}
