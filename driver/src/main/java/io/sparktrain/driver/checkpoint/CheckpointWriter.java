package io.sparktrain.driver.checkpoint;

import io.sparktrain.driver.train.Checkpointing;
import io.sparktrain.driver.train.TrainingState;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link Checkpointing} of a run with {@code checkpoint} set: due after every
 * {@code every-steps} global steps (never with 0, when only epoch ends are saved), and saved to a
 * {@link CheckpointStore} that keeps the newest {@code keep-last}.
 */
public final class CheckpointWriter implements Checkpointing {
  private final CheckpointStore store;
  private final CheckpointSpec spec;
  private final Function<TrainingState, Checkpoint> describe;

  /**
   * @param store where checkpoints go
   * @param spec how often and how many
   * @param describe makes a state a checkpoint: adds the seed, config, provenance and metrics so far
   */
  public CheckpointWriter(CheckpointStore store, CheckpointSpec spec, Function<TrainingState, Checkpoint> describe) {
    this.store = store;
    this.spec = spec;
    this.describe = describe;
  }

  @Override
  public boolean dueWithin(long fromStep, long toStep) {
    return spec.everySteps() > 0 && toStep / spec.everySteps() > fromStep / spec.everySteps();
  }

  @Override
  public void save(Supplier<TrainingState> state) {
    store.write(describe.apply(state.get()), spec.keepLast());
  }
}
