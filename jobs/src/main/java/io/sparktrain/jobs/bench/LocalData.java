package io.sparktrain.jobs.bench;

import io.sparktrain.driver.data.FeatureScaling;
import io.sparktrain.driver.data.LocalReader;
import io.sparktrain.kernels.train.Examples;
import org.apache.hadoop.conf.Configuration;

/**
 * A workload's training and test data read into this JVM without Spark, scaled with the min-max
 * scaling fitted on the training data.
 *
 * @param train the scaled training examples, in file order
 * @param test the scaled test examples, in file order
 * @param scaling the scaling fitted on the raw training examples
 */
record LocalData(Examples train, Examples test, FeatureScaling scaling) {

  /** Reads and scales both sets. */
  static LocalData load(Workload workload) {
    Configuration conf = new Configuration();
    Examples rawTrain = LocalReader.read(workload.dataSpec(), workload.train(), conf);
    Examples rawTest = LocalReader.read(workload.dataSpec(), workload.test(), conf);
    FeatureScaling scaling = MinMaxScaling.fit(rawTrain);
    return new LocalData(MinMaxScaling.apply(scaling, rawTrain), MinMaxScaling.apply(scaling, rawTest), scaling);
  }
}
