package io.sparktrain.jobs.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.driver.train.TrainingListener;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects {@code metrics.jsonl}: one JSON object per step ({@code "type": "step"}: step, epoch,
 * loss, learning_rate, examples, samples_per_second) and per epoch ({@code "type": "epoch"}:
 * train loss, seconds, samples/s, the validation metrics prefixed {@code validation_} and the
 * test metrics prefixed {@code test_}); with the {@code sharded-ps} transport also one per epoch
 * ({@code "type": "traffic"}: bytes sent and received per worker per step). The file is written
 * once, atomically, at the end of the run; a resumed run's file holds the lines up to its
 * checkpoint, then its own.
 */
public final class MetricsLog implements TrainingListener {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final StringBuilder lines;

  /** An empty log. */
  public MetricsLog() {
    this("");
  }

  /** A log that continues {@code earlier} lines, such as those of a checkpoint. */
  public MetricsLog(String earlier) {
    this.lines = new StringBuilder(earlier);
  }

  @Override
  public void onStep(StepReport step) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("type", "step");
    line.put("step", step.step());
    line.put("epoch", step.epoch());
    line.put("loss", step.loss());
    line.put("learning_rate", step.learningRate());
    line.put("examples", step.examples());
    line.put("samples_per_second", step.samplesPerSecond());
    append(line);
  }

  @Override
  public void onEpoch(EpochReport epoch) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("type", "epoch");
    line.put("epoch", epoch.epoch());
    line.put("steps", epoch.steps());
    line.put("train_loss", epoch.trainLoss());
    line.put("seconds", epoch.trainSeconds());
    line.put("samples_per_second", epoch.samplesPerSecond());
    Evaluation validation = epoch.validation();
    if (validation != null) {
      line.put("validation_loss", validation.loss());
      Summary.putMetrics(line, "validation_", validation, false);
    }
    Evaluation test = epoch.test();
    if (test != null) {
      line.put("test_loss", test.loss());
      Summary.putMetrics(line, "test_", test, false);
    }
    append(line);
  }

  @Override
  public void onTraffic(TrafficReport traffic) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("type", "traffic");
    line.put("epoch", traffic.epoch());
    line.put("steps", traffic.steps());
    line.put("workers", traffic.workers());
    line.put("bytes_sent_per_worker_per_step", traffic.bytesSentPerWorkerPerStep());
    line.put("bytes_received_per_worker_per_step", traffic.bytesReceivedPerWorkerPerStep());
    append(line);
  }

  /** The collected lines, newline-terminated. */
  public String text() {
    return lines.toString();
  }

  private void append(Map<String, Object> line) {
    try {
      lines.append(JSON.writeValueAsString(line)).append('\n');
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metrics are plain numbers and must serialize", e);
    }
  }
}
