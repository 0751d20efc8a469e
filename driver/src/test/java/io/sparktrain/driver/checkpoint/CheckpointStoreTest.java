package io.sparktrain.driver.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.driver.train.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint folder on the local Hadoop file system: atomic writes, pruning, and falling back past damage. */
class CheckpointStoreTest {
  @TempDir
  Path dir;

  @Test
  void keepsTheNewestKeepLastAndNoTemporaryFiles() throws Exception {
    CheckpointStore store = new CheckpointStore(dir.toUri().toString(), new Configuration());
    Files.writeString(dir.resolve(".checkpoint-9.tmp"), "left by a killed run");

    for (long step : new long[] {3, 6, 9, 12, 15}) {
      store.write(at(step), 3);
    }

    assertThat(store.list()).extracting(CheckpointStore::stepOf).containsExactly(15L, 12L, 9L);
    try (var files = Files.list(dir)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("checkpoint-000000000009.stc", "checkpoint-000000000012.stc",
              "checkpoint-000000000015.stc");
    }
    assertThat(store.read(store.pathOf(12)).state().step()).isEqualTo(12);
  }

  @Test
  void aTruncatedOrCorruptNewestIsReportedAndThePreviousOneIsUsed() throws Exception {
    CheckpointStore store = new CheckpointStore(dir.toString(), new Configuration());
    for (long step : new long[] {4, 8, 12}) {
      store.write(at(step), 5);
    }
    Path newest = dir.resolve("checkpoint-000000000012.stc");
    Files.write(newest, java.util.Arrays.copyOf(Files.readAllBytes(newest), 100));
    Path middle = dir.resolve("checkpoint-000000000008.stc");
    byte[] damaged = Files.readAllBytes(middle);
    damaged[damaged.length / 2] ^= 1;
    Files.write(middle, damaged);
    List<String> skipped = new ArrayList<>();

    Checkpoint found = store.newestReadable(skipped::add).orElseThrow();

    assertThat(found.state().step()).isEqualTo(4);
    assertThat(skipped).hasSize(2);
    assertThat(skipped.get(0)).endsWith("checkpoint-000000000012.stc is truncated");
    assertThat(skipped.get(1)).endsWith("checkpoint-000000000008.stc is corrupt: its SHA-256 checksum does not match");
  }

  @Test
  void anEmptyOrAbsentFolderHoldsNoCheckpoint() {
    CheckpointStore store = new CheckpointStore(dir.resolve("absent").toString(), new Configuration());

    assertThat(store.list()).isEmpty();
    assertThat(store.newestReadable(message -> {})).isEmpty();
  }

  @Test
  void aCheckpointIsDueWhenTheStepsTakenReachAMultipleOfEverySteps() {
    CheckpointWriter every5 = new CheckpointWriter(null, new CheckpointSpec("x", 5, 1), state -> null);
    CheckpointWriter epochsOnly = new CheckpointWriter(null, new CheckpointSpec("x", 0, 1), state -> null);

    assertThat(every5.dueWithin(4, 5)).isTrue();
    assertThat(every5.dueWithin(5, 6)).isFalse();
    assertThat(every5.dueWithin(3, 7)).as("a round of steps 3..6").isTrue();
    assertThat(every5.dueWithin(5, 9)).isFalse();
    assertThat(epochsOnly.dueWithin(0, 1000)).isFalse();
  }

  private static Checkpoint at(long step) {
    return new Checkpoint(new TrainingState(step, 0, (int) step, new float[] {step}, List.of(new float[] {1}),
        TrainingState.EpochProgress.NONE, TrainingState.History.NONE), 1, "seed: 1\n", Map.of(), "");
  }
}
