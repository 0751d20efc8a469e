package io.sparktrain.driver.data;

import java.io.Serializable;

/**
 * What the training data fixed about the input: the feature width and the fitted normalization.
 * Test and prediction data are read with it.
 *
 * @param width features per example
 * @param scaling the normalization fitted on the training data
 */
public record InputSchema(int width, FeatureScaling scaling) implements Serializable {

  /** Checks that the scaling covers the width. */
  public InputSchema {
    if (scaling.width() != width) {
      throw new IllegalArgumentException("scaling covers " + scaling.width() + " features, not " + width);
    }
  }
}
