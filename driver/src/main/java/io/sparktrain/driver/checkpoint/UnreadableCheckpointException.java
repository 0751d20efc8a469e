package io.sparktrain.driver.checkpoint;

/** A checkpoint file that cannot be used: truncated, corrupt (checksum), or of an unknown format. */
public final class UnreadableCheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  /** @param message names the file and what is wrong with it */
  public UnreadableCheckpointException(String message) {
    super(message);
  }
}
