package io.sparktrain.driver.data;

import io.sparktrain.kernels.config.ConfigException;
import java.io.Serializable;

/**
 * Where the data is and how to read it (YAML {@code data}).
 *
 * @param train training data: a file, folder or glob on any Hadoop file system (for IDX, the
 *     path prefix of the pair)
 * @param test test data in the same format, or null for none
 * @param format file format
 * @param label CSV only: the label column, a 0-based index or a header name
 * @param header CSV only: whether the first line of every file is a header
 * @param classes number of classes (labels are integers in [0, classes)), or 0 for regression
 * @param normalize per-feature normalization fitted on the training data
 * @param shuffle whether each worker reshuffles its examples every epoch
 * @param validationFraction the fraction of the training examples held out for validation, in
 *     [0, 1); each example is chosen by a draw from the job seed and its position in the input
 * @param badRows what to do with rows that cannot be used ({@code data.on-bad-row},
 *     {@code data.max-bad-fraction})
 */
public record DataSpec(String train, String test, DataFormat format, String label, boolean header,
    int classes, Normalization normalize, boolean shuffle, double validationFraction, BadRowPolicy badRows)
    implements Serializable {

  /** Validates paths, format and label settings. */
  public DataSpec {
    ConfigException.require(train != null && !train.isBlank(), "data.train is required");
    ConfigException.require(test == null || !test.isBlank(), "data.test must not be blank: omit it for no test data");
    ConfigException.require(format != null, "data.format is required");
    ConfigException.require(normalize != null, "data.normalize is required");
    ConfigException.require(classes == 0 || classes >= 2,
        "data.classes must be >= 2 (or omitted for regression), got " + classes);
    ConfigException.require(format != DataFormat.IDX || classes > 0,
        "data.classes is required for format idx (its labels are classes)");
    ConfigException.require(format == DataFormat.CSV || (label == null && !header),
        "data.label and data.header apply to format csv only, not " + format.name().toLowerCase());
    ConfigException.require(format != DataFormat.CSV || label != null,
        "data.label is required for format csv: a 0-based column index or a header name");
    ConfigException.require(label == null || header || isIndex(label),
        "data.label must be a 0-based column index when data.header is false, got '" + label + "'");
    ConfigException.require(validationFraction >= 0 && validationFraction < 1,
        "data.validation-fraction must be in [0, 1), got " + validationFraction);
    ConfigException.require(badRows != null, "data.on-bad-row is required");
  }

  /** A spec without a validation split that fails at the first bad row. */
  public DataSpec(String train, String test, DataFormat format, String label, boolean header, int classes,
      Normalization normalize, boolean shuffle) {
    this(train, test, format, label, header, classes, normalize, shuffle, 0);
  }

  /** A spec that fails at the first bad row. */
  public DataSpec(String train, String test, DataFormat format, String label, boolean header, int classes,
      Normalization normalize, boolean shuffle, double validationFraction) {
    this(train, test, format, label, header, classes, normalize, shuffle, validationFraction, BadRowPolicy.FAIL);
  }

  /** This spec holding out {@code fraction} of the training examples for validation. */
  public DataSpec withValidationFraction(double fraction) {
    return new DataSpec(train, test, format, label, header, classes, normalize, shuffle, fraction, badRows);
  }

  /** This spec with another bad-row policy. */
  public DataSpec withBadRows(BadRowPolicy policy) {
    return new DataSpec(train, test, format, label, header, classes, normalize, shuffle, validationFraction,
        policy);
  }

  /** Whether this is a classification task. */
  public boolean classification() {
    return classes > 0;
  }

  private static boolean isIndex(String label) {
    return label.chars().allMatch(Character::isDigit) && !label.isEmpty();
  }
}
