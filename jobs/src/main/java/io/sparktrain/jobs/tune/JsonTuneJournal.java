package io.sparktrain.jobs.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.driver.tune.EpochMetrics;
import io.sparktrain.driver.tune.MetricStats;
import io.sparktrain.driver.tune.SegmentRecord;
import io.sparktrain.driver.tune.TuneJournal;
import io.sparktrain.jobs.output.OutputDir;
import io.sparktrain.kernels.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal of a search: {@code journal.jsonl} in {@code output.dir}, one line per finished wave
 * (a JSON array of its segments), rewritten atomically after each wave through the Hadoop
 * {@code FileSystem}, so a driver killed at any moment leaves the journal of the waves it finished.
 */
public final class JsonTuneJournal implements TuneJournal {
  /** The journal's file name in {@code output.dir}. */
  public static final String FILE = "journal.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OutputDir out;
  private final StringBuilder text = new StringBuilder();

  /**
   * @param out the search's output folder
   * @param resume whether to continue the journal there ({@code --resume}); otherwise it must not exist
   * @throws ConfigException when {@code resume} is set and there is no journal, or not set and there is one
   */
  public JsonTuneJournal(OutputDir out, boolean resume) {
    this.out = out;
    String existing = out.readText(FILE).orElse(null);
    ConfigException.require(resume || existing == null, "output.dir holds the journal of an earlier search ("
        + out.resolve(FILE) + "): continue it with --resume, or set another output.dir");
    ConfigException.require(!resume || existing != null, "--resume: output.dir holds no journal of a search ("
        + out.resolve(FILE) + " is missing)");
    if (existing != null) {
      text.append(existing);
    }
  }

  @Override
  public List<List<SegmentRecord>> pastWaves() {
    List<List<SegmentRecord>> waves = new ArrayList<>();
    for (String line : text.toString().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        List<Map<String, Object>> segments = JSON.readValue(line, new TypeReference<>() {});
        waves.add(segments.stream().map(JsonTuneJournal::segment).toList());
      } catch (JsonProcessingException e) {
        // A wave is journaled by rewriting the whole file atomically: only a hand-edited file is unreadable.
        throw new ConfigException("--resume: " + out.resolve(FILE) + " is not a readable journal: "
            + e.getOriginalMessage());
      }
    }
    return waves;
  }

  @Override
  public void append(List<SegmentRecord> wave) {
    List<Map<String, Object>> segments = wave.stream().map(JsonTuneJournal::json).toList();
    try {
      text.append(JSON.writeValueAsString(segments)).append('\n');
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a journal entry holds plain values and must serialize", e);
    }
    out.writeText(FILE, text.toString());
  }

  private static Map<String, Object> json(SegmentRecord segment) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("trial", segment.trialId());
    map.put("values", segment.values());
    map.put("from_epoch", segment.fromEpoch());
    map.put("to_epoch", segment.toEpoch());
    map.put("score", Double.isNaN(segment.score()) ? null : segment.score());
    map.put("failure", segment.failure());
    map.put("start_millis", segment.startMillis());
    map.put("end_millis", segment.endMillis());
    List<Map<String, Object>> epochs = new ArrayList<>();
    for (EpochMetrics epoch : segment.epochs()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("epoch", epoch.epoch());
      e.put("folds", epoch.folds());
      epochs.add(e);
    }
    map.put("epochs", epochs);
    return map;
  }

  @SuppressWarnings("unchecked")
  private static SegmentRecord segment(Map<String, Object> map) {
    List<EpochMetrics> epochs = new ArrayList<>();
    for (Map<String, Object> e : (List<Map<String, Object>>) map.get("epochs")) {
      List<Map<String, Double>> folds = new ArrayList<>();
      for (Map<String, Object> fold : (List<Map<String, Object>>) e.get("folds")) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        fold.forEach((key, value) -> metrics.put(key, value instanceof Number number ? number.doubleValue()
            : value == null ? Double.NaN : Double.parseDouble(value.toString())));
        folds.add(metrics);
      }
      Map<String, MetricStats> stats = MetricStats.summarize(folds);
      epochs.add(new EpochMetrics(((Number) e.get("epoch")).intValue(), stats, folds));
    }
    Object score = map.get("score");
    return new SegmentRecord(((Number) map.get("trial")).intValue(), (Map<String, Object>) map.get("values"),
        ((Number) map.get("from_epoch")).intValue(), ((Number) map.get("to_epoch")).intValue(), epochs,
        score == null ? Double.NaN : ((Number) score).doubleValue(), (String) map.get("failure"),
        ((Number) map.get("start_millis")).longValue(), ((Number) map.get("end_millis")).longValue());
  }
}
