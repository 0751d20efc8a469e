package io.sparktrain.driver.tune;

import java.util.List;

/**
 * Where a search records its finished waves, so that a search restarted with {@code --resume}
 * does not train finished segments again. Implementations write through the Hadoop
 * {@code FileSystem} so the journal survives the driver. Order of calls: {@link #pastWaves} once at
 * the start, then {@link #append} after each wave.
 */
public interface TuneJournal {
  /** The waves already finished by an earlier run of the same search, oldest first; none for a new search. */
  List<List<SegmentRecord>> pastWaves();

  /** Records a finished wave durably before the search goes on. */
  void append(List<SegmentRecord> wave);

  /** A journal that keeps nothing. */
  TuneJournal NONE = new TuneJournal() {
    @Override
    public List<List<SegmentRecord>> pastWaves() {
      return List.of();
    }

    @Override
    public void append(List<SegmentRecord> wave) {}
  };
}
