package io.sparktrain.driver.train;

import java.io.Serializable;

/**
 * A test hook of {@code sharded-ps}: worker {@code worker} throws before global step {@code step}
 * in the first attempt of its stage, as a crashed task would, so that tests can check that the
 * driver's retry of the barrier stage resumes from its copy of the state. Never set from YAML.
 *
 * @param worker the worker that fails, or -1 for none
 * @param step the global step before which it fails
 */
record FaultInjection(int worker, long step) implements Serializable {

  /** No failure. */
  static final FaultInjection NONE = new FaultInjection(-1, -1);

  /** Throws when {@code worker} is about to run {@code step} in stage attempt 0. */
  void check(int attempt, int currentWorker, long currentStep) {
    if (attempt == 0 && currentWorker == worker && currentStep == step) {
      throw new IllegalStateException("injected failure of worker " + worker + " before step " + step);
    }
  }
}
