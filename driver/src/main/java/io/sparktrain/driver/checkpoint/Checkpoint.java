package io.sparktrain.driver.checkpoint;

import io.sparktrain.driver.train.TrainingState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * One saved point of a run: its {@link TrainingState}, the job seed, the config it ran with and
 * its provenance. Stored by {@link CheckpointFormat}.
 *
 * @param state where the run stands
 * @param seed the job seed, from which shuffle orders and dropout masks derive with the state's counters
 * @param config the canonical config text of the run (YAML)
 * @param provenance versions and data paths, such as {@code sparktrain}, {@code spark}, {@code nd4j},
 *     {@code java}, {@code data_train}
 * @param metrics the {@code metrics.jsonl} lines of the run so far
 */
public record Checkpoint(TrainingState state, long seed, String config, Map<String, String> provenance,
    String metrics) {

  /** Requires every part. */
  public Checkpoint {
    if (state == null || config == null || provenance == null || metrics == null) {
      throw new IllegalArgumentException("state, config, provenance and metrics are required");
    }
    provenance = Map.copyOf(provenance);
  }

  /** The hex SHA-256 of {@link #config}, which a resumed run's config must match. */
  public String configSha256() {
    return sha256(config.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
