package io.sparktrain.ps.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceLayoutTest {

  @Test
  void slicesAreContiguousCoverEveryParameterOnceAndDifferByAtMostOne() {
    for (int slices = 1; slices <= 7; slices++) {
      for (int size = slices; size <= 40; size++) {
        SliceLayout layout = new SliceLayout(size, slices);
        int next = 0;
        for (int s = 0; s < slices; s++) {
          assertThat(layout.offset(s)).isEqualTo(next);
          assertThat(layout.length(s)).isBetween(size / slices, size / slices + 1);
          next += layout.length(s);
        }
        assertThat(next).isEqualTo(size);
      }
    }
  }

  @Test
  void splitsAndReassemblesBlockedOptimizerState() {
    SliceLayout layout = new SliceLayout(10, 3);
    float[] whole = new float[20];
    for (int i = 0; i < whole.length; i++) {
      whole[i] = i;
    }
    List<float[]> parts = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      parts.add(layout.sliceState(whole, s));
    }

    assertThat(parts.get(1)).containsExactly(4, 5, 6, 14, 15, 16);
    assertThat(layout.wholeState(parts)).containsExactly(whole);
  }
}
