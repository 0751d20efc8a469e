package io.sparktrain.driver;

import io.sparktrain.kernels.config.ConfigException;
import java.io.Serializable;

/**
 * Where Spark runs and how many workers train (YAML {@code spark}).
 *
 * @param master Spark master URL, or null to take it from {@code spark-submit}
 * @param workers number of training workers, which is also the number of data partitions, &gt;= 1
 */
public record SparkSpec(String master, int workers) implements Serializable {

  /** Validates the worker count. */
  public SparkSpec {
    ConfigException.require(workers >= 1, "spark.workers must be >= 1, got " + workers);
    ConfigException.require(master == null || !master.isBlank(), "spark.master must not be blank");
  }
}
