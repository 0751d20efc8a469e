/**
 * The entry points: the {@code sparktrain} CLI ({@code train}, {@code evaluate}) that
 * {@code bin/sparktrain} and {@code spark-submit} run, and the training job behind it.
 */
package io.sparktrain.jobs;
