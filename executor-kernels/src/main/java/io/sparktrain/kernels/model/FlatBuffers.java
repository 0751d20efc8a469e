package io.sparktrain.kernels.model;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between Java float arrays and whole native ND4J buffers (a network's flattened
 * parameters or gradients). A plain memory copy: about 30x faster than {@code setParams} or
 * {@code toFloatVector}, which matters when it happens twice per training step.
 */
final class FlatBuffers {
  private FlatBuffers() {}

  /** Overwrites all of {@code target} with {@code values}. */
  static void copyInto(INDArray target, float[] values) {
    pointerOf(target, values.length).put(values, 0, values.length);
  }

  /** Overwrites all of {@code into} with {@code source}'s values and returns it. */
  static float[] copyOut(INDArray source, float[] into) {
    pointerOf(source, into.length).get(into, 0, into.length);
    return into;
  }

  private static FloatPointer pointerOf(INDArray array, int length) {
    if (array.dataType() != DataType.FLOAT || array.length() != length || array.offset() != 0
        || array.data().length() != length || !array.isVectorOrScalar() && array.ordering() != 'c') {
      throw new IllegalStateException("expected a whole contiguous float buffer of " + length
          + " values, got " + array.shapeInfoToString());
    }
    return (FloatPointer) array.data().addressPointer();
  }
}
