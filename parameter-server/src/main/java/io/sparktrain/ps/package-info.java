/**
 * The parameter server: the owner of the master parameters and the optimizer state. The
 * in-process implementation serves the {@code driver} transport; it imports no Spark class.
 */
package io.sparktrain.ps;
