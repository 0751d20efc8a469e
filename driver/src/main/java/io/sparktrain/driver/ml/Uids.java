package io.sparktrain.driver.ml;

import org.apache.spark.ml.util.Identifiable;

/**
 * Hands a stage's uid to its constructor before the Spark superclass constructor runs. Spark's
 * Scala parameter traits create their {@code Param}s, which record {@code uid()}, while the
 * superclass is being constructed, before a Java subclass can assign a field; a stage constructed
 * with a given uid (loading, {@code copy}) must already answer it then. The uid travels in a
 * thread-local from the argument of the constructor's {@code this(...)} call to the first
 * {@code uid()} call on the same thread.
 */
final class Uids {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private Uids() {}

  /** Proof that a uid was handed over; the parameter type of the stages' private constructors. */
  static final class Token {
    private Token() {}
  }

  /** Hands {@code uid} to the stage about to be constructed on this thread. */
  static Token handOver(String uid) {
    if (uid == null || uid.isBlank()) {
      throw new IllegalArgumentException("a stage uid must not be blank, got '" + uid + "'");
    }
    PENDING.set(uid);
    return new Token();
  }

  /** The uid handed over on this thread, which no later stage can take again. */
  static String take() {
    String uid = PENDING.get();
    PENDING.remove();
    if (uid == null) {
      throw new IllegalStateException("no stage uid was handed over on this thread");
    }
    return uid;
  }

  /** A fresh uid, as Spark's own stages make them. */
  static String random(String prefix) {
    return Identifiable.randomUID(prefix);
  }
}
