package io.sparktrain.kernels.config;

/**
 * How the flat features of an example form a sequence (YAML {@code model.input {steps, features}}):
 * time-major, step 0's {@code features} values, then step 1's, and so on. Token-id sequences for an
 * embedding layer have one feature per step.
 *
 * @param steps time steps, &gt; 0
 * @param features values per time step, &gt; 0
 */
public record SequenceShape(int steps, int features) implements InputShape {

  /** Validates both sizes. */
  public SequenceShape {
    ConfigException.require(steps > 0, "model.input.steps must be > 0, got " + steps);
    ConfigException.require(features > 0, "model.input.features must be > 0, got " + features);
  }

  @Override
  public int size() {
    return steps * features;
  }

  @Override
  public String toString() {
    return steps + " steps x " + features + " features";
  }
}
