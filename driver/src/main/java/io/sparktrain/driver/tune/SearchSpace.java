package io.sparktrain.driver.tune;

import io.sparktrain.kernels.config.ConfigException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The hyperparameters a search varies (YAML {@code tune.space}), in the order the config lists
 * them; that order fixes the order of every proposal's values and of the grid.
 *
 * @param dimensions at least one, with distinct keys
 */
public record SearchSpace(List<Dimension> dimensions) {
  /** Requires a non-empty list of dimensions with distinct keys. */
  public SearchSpace {
    ConfigException.require(dimensions != null && !dimensions.isEmpty(),
        "tune.space is required: map at least one config key to a choice, uniform, log-uniform or int-uniform");
    dimensions = List.copyOf(dimensions);
    Set<String> keys = new HashSet<>();
    for (Dimension dimension : dimensions) {
      ConfigException.require(keys.add(dimension.key()), dimension.path() + " is listed twice");
    }
  }

  /** The keys, in order. */
  public List<String> keys() {
    return dimensions.stream().map(Dimension::key).toList();
  }

  /**
   * The number of points of the grid: the product of the choices' sizes and the int-uniform
   * ranges' lengths.
   *
   * @throws ConfigException naming the first dimension that is a real range (the grid needs
   *     every dimension to be a choice or an int-uniform), or when the product overflows a long
   */
  public long gridSize() {
    long size = 1;
    for (Dimension dimension : dimensions) {
      try {
        size = Math.multiplyExact(size, gridLength(dimension));
      } catch (ArithmeticException e) {
        throw new ConfigException("tune.space: the grid has more than " + Long.MAX_VALUE + " points");
      }
    }
    return size;
  }

  /**
   * The {@code index}-th point of the grid, {@code 0 <= index < gridSize()}: mixed-radix digits
   * with the last dimension varying fastest, as nested loops over the dimensions in order.
   */
  public Map<String, Object> gridPoint(long index) {
    long size = gridSize();
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("grid point " + index + " of " + size);
    }
    Object[] values = new Object[dimensions.size()];
    long rest = index;
    for (int d = dimensions.size() - 1; d >= 0; d--) {
      Dimension dimension = dimensions.get(d);
      long length = gridLength(dimension);
      long digit = rest % length;
      rest /= length;
      values[d] = dimension instanceof Choice choice ? choice.values().get((int) digit)
          : ((IntUniform) dimension).value(digit);
    }
    Map<String, Object> point = new LinkedHashMap<>();
    for (int d = 0; d < values.length; d++) {
      point.put(dimensions.get(d).key(), values[d]);
    }
    return point;
  }

  /** One point drawn from every dimension's prior, in order, from {@code random}. */
  public Map<String, Object> sample(SplittableRandom random) {
    Map<String, Object> point = new LinkedHashMap<>();
    for (Dimension dimension : dimensions) {
      point.put(dimension.key(), dimension.sample(random));
    }
    return point;
  }

  private static long gridLength(Dimension dimension) {
    if (dimension instanceof Choice choice) {
      return choice.size();
    }
    if (dimension instanceof IntUniform range) {
      return range.size();
    }
    throw new ConfigException(dimension.path() + " is a real range (" + kind(dimension) + "); strategy grid needs"
        + " every dimension to be a choice or an int-uniform: list the values to try as a choice, or use"
        + " strategy random or tpe");
  }

  private static String kind(Dimension dimension) {
    return dimension instanceof LogUniform ? "log-uniform" : "uniform";
  }
}
