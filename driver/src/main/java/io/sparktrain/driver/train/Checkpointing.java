package io.sparktrain.driver.train;

import java.util.function.Supplier;

/**
 * The checkpoint trigger and sink of a run. A {@link TrainingMaster} asks {@link #dueWithin} after
 * every step (or {@code param-averaging} round) inside an epoch and {@link #save}s the state when it
 * says so, and saves it after every epoch's end whatever it says. Called on the driver thread that
 * runs the loop, never after a step whose loss or parameters were not finite. The state comes as a
 * supplier, built only when a sink takes it: putting together the whole optimizer state of a large
 * model costs hundreds of megabytes, wasted for a run that writes no checkpoints.
 */
public interface Checkpointing {
  /** Saves nothing. */
  Checkpointing NONE = new Checkpointing() {
    @Override
    public boolean dueWithin(long fromStep, long toStep) {
      return false;
    }

    @Override
    public void save(Supplier<TrainingState> state) {}
  };

  /**
   * Whether a checkpoint is due after global steps {@code [fromStep, toStep)} were taken.
   *
   * @param fromStep the first global step just taken
   * @param toStep one past the last
   */
  boolean dueWithin(long fromStep, long toStep);

  /** Saves the state {@code state} supplies (which the caller no longer modifies), if this sink keeps states. */
  void save(Supplier<TrainingState> state);
}
