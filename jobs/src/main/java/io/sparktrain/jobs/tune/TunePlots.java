package io.sparktrain.jobs.tune;

import io.sparktrain.driver.tune.EpochMetrics;
import io.sparktrain.driver.tune.Goal;
import io.sparktrain.driver.tune.TrialRecord;
import io.sparktrain.jobs.output.OutputDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plots of a search, as PNG files drawn with XChart (headless): {@code metric-by-trial.png}, the
 * tuned metric of every trial against its number with the best so far, and
 * {@code learning-curves.png}, the metric after every epoch of every trial.
 */
final class TunePlots {
  private TunePlots() {}

  static void write(OutputDir out, List<TrialRecord> trials, String metric, Goal goal) {
    System.setProperty("java.awt.headless", "true");
    XYChart byTrial = new XYChartBuilder().width(800).height(500).title(metric + " by trial")
        .xAxisTitle("trial").yAxisTitle(metric).build();
    List<Double> ids = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    List<Double> bestSoFar = new ArrayList<>();
    double best = Double.NaN;
    for (TrialRecord trial : trials) {
      if (Double.isFinite(trial.score())) {
        ids.add((double) trial.id());
        scores.add(trial.score());
        best = goal.better(trial.score(), best) ? trial.score() : best;
        bestSoFar.add(best);
      }
    }
    if (!ids.isEmpty()) {
      byTrial.addSeries("trial", ids, scores).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      byTrial.addSeries("best so far", ids, bestSoFar).setMarker(SeriesMarkers.NONE);
    }
    XYChart curves = new XYChartBuilder().width(800).height(500).title(metric + " per epoch")
        .xAxisTitle("epoch").yAxisTitle(metric).build();
    curves.getStyler().setLegendVisible(trials.size() <= 12);
    for (TrialRecord trial : trials) {
      List<Double> epochs = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (EpochMetrics epoch : trial.epochs()) {
        String key = metricKey(metric, epoch);
        if (key != null && Double.isFinite(epoch.metrics().get(key).mean())) {
          epochs.add((double) epoch.epoch());
          values.add(epoch.metrics().get(key).mean());
        }
      }
      if (!epochs.isEmpty()) {
        curves.addSeries("trial " + trial.id(), epochs, values);
      }
    }
    png(out, "metric-by-trial.png", byTrial);
    png(out, "learning-curves.png", curves);
  }

  private static String metricKey(String metric, EpochMetrics epoch) {
    String name = metric.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    for (String candidate : new String[] {name, name.replaceFirst("^(validation|test)_", "")}) {
      if (epoch.metrics().containsKey(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static void png(OutputDir out, String name, XYChart chart) {
    try {
      byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      out.write(name, stream -> stream.write(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw " + name + ": " + e.getMessage(), e);
    }
  }
}
