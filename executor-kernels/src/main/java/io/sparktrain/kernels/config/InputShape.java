package io.sparktrain.kernels.config;

import java.io.Serializable;

/**
 * How the flat features of an example are laid out (YAML {@code model.input}): an image or a
 * sequence. Absent ({@code null} in {@link ModelSpec}) for flat feature vectors.
 */
public sealed interface InputShape extends Serializable permits ImageShape, SequenceShape {

  /** Number of values per example. */
  int size();
}
