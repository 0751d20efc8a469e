/** Distributed evaluation: per-worker partial metrics merged exactly on the driver. */
package io.sparktrain.driver.eval;
