package io.sparktrain.driver.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import scala.Tuple2;

/**
 * What one task read from one input unit: its kept rows in input order and the rows it skipped.
 * Public only so that the Kryo registrator can name it; immutable.
 */
public final class ParsedUnit implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int unit;
  private final Row[] rows;
  private final SkippedRows skipped;

  ParsedUnit(int unit, Row[] rows, SkippedRows skipped) {
    this.unit = unit;
    this.rows = rows;
    this.skipped = skipped;
  }

  int unit() {
    return unit;
  }

  Row[] rows() {
    return rows;
  }

  SkippedRows skipped() {
    return skipped;
  }

  /** The rows keyed by their unit. */
  Iterator<Tuple2<Integer, Row>> pairs() {
    return Arrays.stream(rows).map(row -> new Tuple2<>(unit, row)).iterator();
  }
}
