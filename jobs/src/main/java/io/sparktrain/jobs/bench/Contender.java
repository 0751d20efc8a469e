package io.sparktrain.jobs.bench;

import io.sparktrain.driver.train.Transport;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The systems the benchmark compares, each run in its own JVM with its own
 * {@code OMP_NUM_THREADS} (which ND4J reads once, when it loads). The Spark systems get one
 * ND4J thread per process so that their two task threads share the two cores without
 * oversubscribing them.
 */
enum Contender {
  /** Plain DL4J, ND4J's default thread count. */
  DL4J_FIT("dl4j-fit", OptionalInt.empty()),
  /** Plain DL4J with one ND4J thread. */
  DL4J_FIT_OMP1("dl4j-fit-omp1", OptionalInt.of(1)),
  /** dl4j-spark parameter averaging after every worker step. */
  DL4J_SPARK_F1("dl4j-spark-f1", OptionalInt.of(1)),
  /** dl4j-spark parameter averaging after every 5 worker steps. */
  DL4J_SPARK_F5("dl4j-spark-f5", OptionalInt.of(1)),
  /** SparkTrain's synchronous gradient averaging over the {@code driver} transport. */
  SPARKTRAIN("sparktrain", OptionalInt.of(1)),
  /** The same over the {@code sharded-ps} transport. */
  SPARKTRAIN_SHARDED_PS("sparktrain-sharded-ps", OptionalInt.of(1));

  private final String id;
  private final OptionalInt ompThreads;

  Contender(String id, OptionalInt ompThreads) {
    this.id = id;
    this.ompThreads = ompThreads;
  }

  /** The name used on the command line and in the report. */
  String id() {
    return id;
  }

  /** The child's {@code OMP_NUM_THREADS}, or empty to leave it unset (ND4J's default). */
  OptionalInt ompThreads() {
    return ompThreads;
  }

  /** A runner for this system; {@code scratch} is a folder it may fill and must clean up. */
  SystemRunner runner(Path scratch) {
    return switch (this) {
      case DL4J_FIT, DL4J_FIT_OMP1 -> new Dl4jFitRunner();
      case DL4J_SPARK_F1 -> new Dl4jSparkRunner(1, scratch);
      case DL4J_SPARK_F5 -> new Dl4jSparkRunner(5, scratch);
      case SPARKTRAIN -> new SparkTrainRunner(Transport.DRIVER);
      case SPARKTRAIN_SHARDED_PS -> new SparkTrainRunner(Transport.SHARDED_PS);
    };
  }

  /** The system called {@code id}. */
  static Contender byId(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown system '" + id + "'; the systems are "
            + Arrays.stream(values()).map(Contender::id).collect(Collectors.joining(", "))));
  }
}
