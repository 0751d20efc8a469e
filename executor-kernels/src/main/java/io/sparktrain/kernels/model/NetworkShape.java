package io.sparktrain.kernels.model;

import java.io.Serializable;

/**
 * The widths at the two ends of a network, known only once the data is read.
 *
 * @param inputs number of features per example, &gt; 0
 * @param outputs number of classes for classification, 1 for single-target regression
 * @param classification whether labels are class indices (one-hot encoded for the loss)
 */
public record NetworkShape(int inputs, int outputs, boolean classification) implements Serializable {

  /** Validates both widths. */
  public NetworkShape {
    if (inputs <= 0 || outputs <= 0) {
      throw new IllegalArgumentException("network needs inputs > 0 and outputs > 0, got "
          + inputs + " and " + outputs);
    }
  }

  /** A classifier of {@code classes} classes over {@code inputs} features. */
  public static NetworkShape classifier(int inputs, int classes) {
    return new NetworkShape(inputs, classes, true);
  }

  /** A single-target regressor over {@code inputs} features. */
  public static NetworkShape regressor(int inputs) {
    return new NetworkShape(inputs, 1, false);
  }
}
