package io.sparktrain.ps.shard;

import io.sparktrain.kernels.optim.OptimizerStep;

/**
 * One shard's slice of the parameters and of the optimizer state before step {@code step}: what a
 * shard starts from, and what it reports for a checkpoint. Arrays are copied in and out.
 *
 * @param shard the slice index
 * @param step number of updates applied so far; the next step's index
 * @param parameters the slice's parameters
 * @param updaterState the slice's optimizer state, in the layout of {@link SliceLayout#sliceState}
 */
public record ShardSnapshot(int shard, long step, float[] parameters, float[] updaterState) {

  /** Copies the arrays. */
  public ShardSnapshot {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    parameters = parameters.clone();
    updaterState = updaterState.clone();
  }

  /** A copy of the slice's parameters. */
  @Override
  public float[] parameters() {
    return parameters.clone();
  }

  /** A copy of the slice's optimizer state. */
  @Override
  public float[] updaterState() {
    return updaterState.clone();
  }

  /** Shard {@code shard}'s part of a fresh start: its slice of {@code allParameters}, a new state. */
  public static ShardSnapshot initial(SliceLayout layout, int shard, float[] allParameters, OptimizerStep optimizer) {
    return new ShardSnapshot(shard, 0, layout.slice(allParameters, shard),
        optimizer.newSliceState(layout.length(shard)));
  }

  /** Shard {@code shard}'s part of a resumed run: slices of the whole parameters and whole state. */
  public static ShardSnapshot resumed(SliceLayout layout, int shard, long step, float[] allParameters,
      float[] wholeState) {
    return new ShardSnapshot(shard, step, layout.slice(allParameters, shard), layout.sliceState(wholeState, shard));
  }
}
