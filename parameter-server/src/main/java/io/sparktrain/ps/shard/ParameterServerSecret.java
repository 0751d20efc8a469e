package io.sparktrain.ps.shard;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-job key that authenticates every connection to a shard. A shard sends a fresh random
 * nonce; the client answers with {@code HMAC-SHA256(key, "sparktrain-ps/1" | jobId | shard |
 * worker | nonce)}, which proves it holds the key without sending it and cannot be replayed on
 * another connection, shard or job. Immutable; {@link #toString} never shows the key.
 */
public final class ParameterServerSecret implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MIN_KEY_BYTES = 16;
  private static final byte[] CONTEXT = "sparktrain-ps/1".getBytes(StandardCharsets.US_ASCII);
  private final byte[] key;

  private ParameterServerSecret(byte[] key) {
    this.key = key;
  }

  /** A new random 32-byte key, for a job without {@code spark.authenticate}. */
  public static ParameterServerSecret generate(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return new ParameterServerSecret(key);
  }

  /** A key of at least 16 bytes (copied). */
  public static ParameterServerSecret of(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "a parameter-server key needs at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
    }
    return new ParameterServerSecret(key.clone());
  }

  /** A key derived by SHA-256 from a shared secret string, such as {@code spark.authenticate.secret}. */
  public static ParameterServerSecret fromPassphrase(String passphrase) {
    if (passphrase.isEmpty()) {
      throw new IllegalArgumentException("the parameter-server passphrase is empty");
    }
    try {
      return new ParameterServerSecret(
          MessageDigest.getInstance("SHA-256").digest(passphrase.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** The client's answer to a shard's challenge {@code nonce}. */
  byte[] proof(long jobId, int shard, int worker, byte[] nonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(CONTEXT);
      mac.update(ByteBuffer.allocate(16).putLong(jobId).putInt(shard).putInt(worker).array());
      return mac.doFinal(nonce);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no HmacSHA256", e);
    }
  }

  /** Whether {@code proof} answers {@code nonce}; compares in constant time. */
  boolean verifies(long jobId, int shard, int worker, byte[] nonce, byte[] proof) {
    return MessageDigest.isEqual(proof(jobId, shard, worker, nonce), proof);
  }

  @Override
  public String toString() {
    return "ParameterServerSecret[redacted]";
  }
}
