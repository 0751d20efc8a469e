package io.sparktrain.jobs.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparktrain.driver.tune.EpochMetrics;
import io.sparktrain.driver.tune.Goal;
import io.sparktrain.driver.tune.MetricStats;
import io.sparktrain.driver.tune.TrialRecord;
import io.sparktrain.driver.tune.TrialStatus;
import io.sparktrain.jobs.output.OutputDir;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the summary of a search to {@code output.dir}: {@code trials.jsonl} (one line per trial:
 * id, values, status, the metrics after every epoch it trained, with cross-validation as mean and
 * standard deviation plus each fold's values, score, seconds, start and end times), {@code
 * leaderboard.csv} (the trials ranked: completed trials first, then by score, best first) and
 * {@code best.yaml} (the job config of the winner: the job YAML without its tune section, with the
 * winner's values, {@code training.epochs} set to the epochs it trained and {@code spark.workers} to
 * {@code tune.trial-workers}), and the plots
 * ({@link TunePlots}).
 */
public final class TuneOutputs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final OutputDir out;
  private final String metric;
  private final Goal goal;
  private final boolean crossValidated;
  private final int trialWorkers;

  /**
   * @param out the search's output folder
   * @param metric the tuned metric's name ({@code tune.metric})
   * @param goal whether higher or lower is better
   * @param crossValidated whether trials report fold means and standard deviations
   * @param trialWorkers the workers each trial trained on ({@code tune.trial-workers}): best.yaml's
   *     {@code spark.workers}, so that it trains as the trial did
   */
  public TuneOutputs(OutputDir out, String metric, Goal goal, boolean crossValidated, int trialWorkers) {
    this.trialWorkers = trialWorkers;
    this.out = out;
    this.metric = metric;
    this.goal = goal;
    this.crossValidated = crossValidated;
  }

  /** The trials best first: completed ones first, then by score (NaN last), then by id. */
  public List<TrialRecord> ranked(List<TrialRecord> trials) {
    List<TrialRecord> ranked = new ArrayList<>(trials);
    ranked.sort(Comparator.comparing((TrialRecord t) -> t.status() != TrialStatus.COMPLETED)
        .thenComparing(TrialRecord::score, goal.bestFirst())
        .thenComparingInt(TrialRecord::id));
    return ranked;
  }

  /** Writes {@code trials.jsonl}. */
  public void writeTrials(List<TrialRecord> trials) {
    StringBuilder lines = new StringBuilder();
    for (TrialRecord trial : trials) {
      lines.append(json(line(trial))).append('\n');
    }
    out.writeText("trials.jsonl", lines.toString());
  }

  /**
   * Writes every summary file of a finished search.
   *
   * @param jobYaml the job config (YAML) the trials ran with, without values
   * @return the winning trial
   */
  public TrialRecord writeAll(List<TrialRecord> trials, String jobYaml) {
    writeTrials(trials);
    List<TrialRecord> ranked = ranked(trials);
    out.writeText("leaderboard.csv", leaderboard(ranked));
    TrialRecord best = ranked.get(0);
    out.writeText("best.yaml", bestYaml(jobYaml, best, trialWorkers));
    TunePlots.write(out, trials, metric, goal);
    return best;
  }

  private Map<String, Object> line(TrialRecord trial) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", trial.id());
    line.put("values", trial.values());
    line.put("status", trial.status().name().toLowerCase(Locale.ROOT));
    line.put("metric", metric);
    line.put("score", number(trial.score()));
    line.put("epochs_trained", trial.epochsTrained());
    List<Map<String, Object>> epochs = new ArrayList<>();
    for (EpochMetrics epoch : trial.epochs()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("epoch", epoch.epoch());
      Map<String, Object> metrics = new LinkedHashMap<>();
      for (Map.Entry<String, MetricStats> entry : epoch.metrics().entrySet()) {
        metrics.put(entry.getKey(), crossValidated
            ? Map.of("mean", number(entry.getValue().mean()), "std", number(entry.getValue().std()))
            : number(entry.getValue().mean()));
      }
      e.put("metrics", metrics);
      if (crossValidated) {
        e.put("folds", epoch.folds());
      }
      epochs.add(e);
    }
    line.put("epochs", epochs);
    if (trial.failure() != null) {
      line.put("failure", trial.failure());
    }
    line.put("seconds", trial.seconds());
    line.put("start", trial.endMillis() == 0 ? null : Instant.ofEpochMilli(trial.startMillis()).toString());
    line.put("end", trial.endMillis() == 0 ? null : Instant.ofEpochMilli(trial.endMillis()).toString());
    line.put("start_millis", trial.startMillis());
    line.put("end_millis", trial.endMillis());
    return line;
  }

  private String leaderboard(List<TrialRecord> ranked) {
    List<String> keys = ranked.isEmpty() ? List.of() : new ArrayList<>(ranked.get(0).values().keySet());
    StringBuilder csv = new StringBuilder("rank,trial," + metric + ",status,epochs,seconds");
    keys.forEach(key -> csv.append(',').append(key));
    csv.append('\n');
    int rank = 1;
    for (TrialRecord trial : ranked) {
      csv.append(rank++).append(',').append(trial.id()).append(',').append(trial.score()).append(',')
          .append(trial.status().name().toLowerCase(Locale.ROOT)).append(',').append(trial.epochsTrained())
          .append(',').append(String.format(Locale.ROOT, "%.3f", trial.seconds()));
      for (String key : keys) {
        String value = String.valueOf(trial.values().get(key));
        csv.append(',').append(value.contains(",") ? "\"" + value.replace("\"", "\"\"") + "\"" : value);
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  /** The job YAML with {@code best}'s values, the epochs it trained and the workers it trained on. */
  static String bestYaml(String jobYaml, TrialRecord best, int workers) {
    try {
      ObjectNode root = (ObjectNode) YAML.readTree(jobYaml);
      root.remove("tune");
      best.values().forEach((key, value) -> set(root, key, YAML.valueToTree(value)));
      set(root, "training.epochs", YAML.valueToTree(Math.max(1, best.epochsTrained())));
      set(root, "spark.workers", YAML.valueToTree(workers));
      return "# the best trial (" + best.id() + ") of a sparktrain tune search\n" + YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the job YAML was read before and must parse", e);
    }
  }

  private static void set(ObjectNode root, String path, JsonNode value) {
    String[] parts = path.split("\\.");
    JsonNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = child(node, parts[i]);
      if (next == null || next.isNull()) {
        next = ((ObjectNode) node).putObject(parts[i]);
      }
      node = next;
    }
    String last = parts[parts.length - 1];
    if (node instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), value);
    } else {
      ((ObjectNode) node).set(last, value);
    }
  }

  private static JsonNode child(JsonNode node, String part) {
    return node instanceof ArrayNode array ? array.get(Integer.parseInt(part)) : node.get(part);
  }

  private static Object number(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a trial holds plain values and must serialize", e);
    }
  }
}
