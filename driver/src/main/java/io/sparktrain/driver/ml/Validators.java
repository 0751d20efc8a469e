package io.sparktrain.driver.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.activations.Activation;
import scala.runtime.AbstractFunction1;

/** Param validators that Spark's {@code ParamValidators} do not offer; serializable, as Params are. */
final class Validators {
  private Validators() {}

  /** Every entry of an int array is &gt;= 1 (an empty array passes). */
  static final class PositiveEntries extends AbstractFunction1<int[], Object> implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(int[] values) {
      return values != null && Arrays.stream(values).allMatch(v -> v >= 1);
    }
  }

  /** A DL4J activation name, in any case ({@code relu}, {@code tanh}, {@code leakyrelu}, ...). */
  static final class ActivationName extends AbstractFunction1<String, Object> implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(String name) {
      return activation(name) != null;
    }
  }

  /** The DL4J activation named {@code name} (case-insensitive), or null. */
  static Activation activation(String name) {
    if (name == null) {
      return null;
    }
    try {
      return Activation.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
