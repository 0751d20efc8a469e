package io.sparktrain.jobs.output;

import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.driver.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints training progress (epoch, step, loss, learning rate, samples/s, and at the end of an
 * epoch the validation and test loss and accuracy or mse) for people to read.
 */
public final class ProgressPrinter implements TrainingListener {
  private final PrintStream out;
  private final int everySteps;
  private final int epochs;

  /**
   * @param out where to print
   * @param everySteps print every this many steps (and always the last step of an epoch)
   * @param epochs total epochs, for "epoch 2/5"
   */
  public ProgressPrinter(PrintStream out, int everySteps, int epochs) {
    this.out = out;
    this.everySteps = everySteps;
    this.epochs = epochs;
  }

  @Override
  public void onStep(StepReport step) {
    if ((step.stepInEpoch() + 1) % everySteps == 0) {
      out.printf(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f lr %.3g %,.0f samples/s%n",
          step.epoch() + 1, epochs, step.stepInEpoch() + 1, step.stepsPerEpoch(), step.loss(),
          step.learningRate(), step.samplesPerSecond());
    }
  }

  @Override
  public void onEpoch(EpochReport epoch) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "epoch %d/%d done: train loss %.4f, %.1f s, %,.0f samples/s", epoch.epoch() + 1, epochs,
        epoch.trainLoss(), epoch.trainSeconds(), epoch.samplesPerSecond()));
    append(line, "validation", epoch.validation());
    append(line, "test", epoch.test());
    out.println(line);
  }

  private static void append(StringBuilder line, String name, Evaluation evaluation) {
    if (evaluation == null) {
      return;
    }
    line.append(String.format(Locale.ROOT, "; %s loss %.4f", name, evaluation.loss()));
    if (evaluation.classification()) {
      line.append(String.format(Locale.ROOT, ", %s accuracy %.4f", name, evaluation.confusion().accuracy()));
    } else {
      line.append(String.format(Locale.ROOT, ", %s mse %.4g", name, evaluation.regression().mse()));
    }
  }
}
