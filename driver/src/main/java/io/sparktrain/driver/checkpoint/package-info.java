/**
 * Checkpoints: the {@link io.sparktrain.driver.train.TrainingState} of a run with its config and
 * provenance, in a versioned binary format with a SHA-256 trailer ({@link
 * io.sparktrain.driver.checkpoint.Checkpoint}), kept in a folder on any Hadoop file system by a
 * {@link io.sparktrain.driver.checkpoint.CheckpointStore} (temporary name, then rename; the oldest
 * pruned), and written during training by a {@link io.sparktrain.driver.checkpoint.CheckpointWriter}.
 */
package io.sparktrain.driver.checkpoint;
