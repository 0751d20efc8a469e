package io.sparktrain.driver.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.driver.train.TrainingState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The version-1 checkpoint format: a golden file from this version loads; damage of any kind is detected. */
class CheckpointFormatTest {
  private static final String GOLDEN = "/checkpoints/golden-v1.stc";

  /** The content of {@code golden-v1.stc}, committed in test resources. */
  static Checkpoint golden() {
    TrainingState state = new TrainingState(17, 2, 5, new float[] {0.25f, -1.5f, 3e-7f},
        List.of(new float[] {1, 2, 3, 4, 5, 6}, new float[] {-1, -2, -3, -4, -5, -6}),
        new TrainingState.EpochProgress(12.5, 40, 0.75),
        new TrainingState.History(2, 3.5, 160, 1, new float[] {0.5f, -1f, 2f}, 0.125, 1));
    return new Checkpoint(state, 42, "name: golden\nseed: 42\n", Map.of("sparktrain", "0.1.0", "spark", "3.5.9"),
        "{\"type\":\"step\",\"step\":0}\n");
  }

  @Test
  void aGoldenCheckpointOfFormatVersion1Loads() throws Exception {
    Checkpoint loaded;
    try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
      loaded = CheckpointFormat.read(in, GOLDEN);
    }

    assertSame(loaded, golden());
  }

  @Test
  void writingAndReadingGivesTheSameCheckpointAndTheGoldenBytes() throws Exception {
    byte[] written = bytes(golden());

    assertSame(CheckpointFormat.read(new ByteArrayInputStream(written), "memory"), golden());
    try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
      assertThat(written).as("version 1 bytes are stable").isEqualTo(in.readAllBytes());
    }
  }

  @Test
  void aTruncatedCheckpointIsDetectedAtEveryLength() throws Exception {
    byte[] whole = bytes(golden());

    for (int length = 0; length < whole.length; length++) {
      byte[] cut = Arrays.copyOf(whole, length);
      assertThatThrownBy(() -> CheckpointFormat.read(new ByteArrayInputStream(cut), "cut"))
          .as("cut at %d of %d bytes", length, whole.length).isInstanceOf(UnreadableCheckpointException.class);
    }
  }

  @Test
  void aFlippedBitAnywhereIsDetected() throws Exception {
    byte[] whole = bytes(golden());

    for (int i = 0; i < whole.length; i++) {
      byte[] damaged = whole.clone();
      damaged[i] ^= 0x10;
      assertThatThrownBy(() -> CheckpointFormat.read(new ByteArrayInputStream(damaged), "damaged"))
          .as("bit flipped in byte %d", i).isInstanceOf(UnreadableCheckpointException.class);
    }
  }

  @Test
  void aNewerFormatVersionIsRefusedNamingIt() throws Exception {
    byte[] newer = bytes(golden());
    ByteBuffer.wrap(newer).putInt(CheckpointFormat.MAGIC.length, 2);

    assertThatThrownBy(() -> CheckpointFormat.read(new ByteArrayInputStream(newer), "newer.stc"))
        .hasMessage("newer.stc has checkpoint format version 2; this SparkTrain reads versions 1 to 1");
  }

  static byte[] bytes(Checkpoint checkpoint) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckpointFormat.write(checkpoint, out);
    return out.toByteArray();
  }

  static void assertSame(Checkpoint actual, Checkpoint expected) {
    assertThat(actual.seed()).isEqualTo(expected.seed());
    assertThat(actual.config()).isEqualTo(expected.config());
    assertThat(actual.configSha256()).isEqualTo(expected.configSha256());
    assertThat(actual.provenance()).isEqualTo(expected.provenance());
    assertThat(actual.metrics()).isEqualTo(expected.metrics());
    TrainingState a = actual.state();
    TrainingState e = expected.state();
    assertThat(List.of(a.step(), a.epoch(), a.stepInEpoch())).isEqualTo(List.of(e.step(), e.epoch(), e.stepInEpoch()));
    assertThat(a.parameters()).containsExactly(e.parameters());
    assertThat(a.updaterStates()).hasSameSizeAs(e.updaterStates());
    for (int i = 0; i < e.updaterStates().size(); i++) {
      assertThat(a.updaterStates().get(i)).containsExactly(e.updaterStates().get(i));
    }
    assertThat(a.epochProgress()).isEqualTo(e.epochProgress());
    assertThat(a.history()).usingRecursiveComparison().isEqualTo(e.history());
  }
}
