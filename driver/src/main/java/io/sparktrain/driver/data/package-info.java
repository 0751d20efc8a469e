/**
 * Reading data sets through Spark (IDX, CSV, LibSVM from any Hadoop file system), with errors
 * that name the file and row, into cached per-worker shards of dense normalized floats. Bad rows
 * fail the load or, under {@link io.sparktrain.driver.data.BadRowPolicy}, are skipped and counted.
 */
package io.sparktrain.driver.data;
