/**
 * Reading data sets through Spark (IDX, CSV, LibSVM from any Hadoop file system), with errors
 * that name the file and row, into cached per-worker shards of dense normalized floats.
 */
package io.sparktrain.driver.data;
