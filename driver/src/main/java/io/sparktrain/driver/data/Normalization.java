package io.sparktrain.driver.data;

/** Per-feature normalization fitted on the training set (YAML {@code data.normalize}). */
public enum Normalization {
  /** Min-max scaling of every feature to [0, 1]. */
  SCALE,
  /** Zero mean and unit variance per feature. */
  STANDARDIZE,
  /** Features as read. */
  NONE
}
