/**
 * The benchmark behind {@code bin/benchmark}: the same MLP on the same Fashion-MNIST data,
 * trained by plain DL4J, by dl4j-spark's parameter averaging and by SparkTrain, each system in
 * its own child JVM (ND4J's thread settings are per process), with training and evaluation timed
 * apart. {@link io.sparktrain.jobs.bench.Benchmark} is the parent that starts the children and
 * writes the report; {@link io.sparktrain.jobs.bench.BenchmarkRun} is the child that trains one
 * system and writes its result as JSON.
 */
package io.sparktrain.jobs.bench;
