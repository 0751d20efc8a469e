package io.sparktrain.jobs;

import io.sparktrain.driver.data.BadInputException;
import io.sparktrain.driver.train.TrainingDivergedException;
import io.sparktrain.kernels.config.ConfigException;
import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sparktrain} command line, for {@code bin/sparktrain} (embedded Spark) and
 * {@code spark-submit --class io.sparktrain.jobs.SparkTrainCli}. Exit status: 0 done; 2 bad usage
 * or config; 3 bad input data; 4 training diverged; 1 anything else.
 */
@Command(name = "sparktrain", mixinStandardHelpOptions = true, versionProvider = SparkTrainCli.Version.class,
    description = "Distributed neural-network training on Apache Spark.",
    subcommands = {TrainCommand.class, EvaluateCommand.class, FinetuneCommand.class, TuneCommand.class})
public final class SparkTrainCli implements Runnable {
  /** Exit status: bad usage or configuration. */
  public static final int EXIT_CONFIG = 2;
  /** Exit status: bad input data. */
  public static final int EXIT_DATA = 3;
  /** Exit status: training diverged. */
  public static final int EXIT_DIVERGED = 4;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: train, evaluate, finetune or tune");
  }

  /** Runs the CLI and exits the JVM with its status. */
  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the CLI without exiting; returns the exit status. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return run(out, err, CommandLine.defaultFactory(), args);
  }

  /**
   * Runs the CLI with commands made by {@code commands} (tests hand a command its hooks this way);
   * returns the exit status.
   */
  static int run(PrintStream out, PrintStream err, CommandLine.IFactory commands, String... args) {
    CommandLine cli = new CommandLine(new SparkTrainCli(), commands);
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setParameterExceptionHandler((ex, arguments) -> {
      err.println("sparktrain: " + ex.getMessage());
      ex.getCommandLine().usage(err);
      return EXIT_CONFIG;
    });
    cli.setExecutionExceptionHandler((ex, command, parsed) -> {
      int status = exitStatus(ex);
      err.println("sparktrain: " + label(status) + ex.getMessage());
      if (status == 1) {
        ex.printStackTrace(err);
      }
      return status;
    });
    return cli.execute(args);
  }

  /** The exit status for a failure, looking through Spark's wrapping for bad input. */
  static int exitStatus(Throwable failure) {
    if (failure instanceof ConfigException) {
      return EXIT_CONFIG;
    }
    if (failure instanceof BadInputException || BadInputException.findIn(failure) != null) {
      return EXIT_DATA;
    }
    if (failure instanceof TrainingDivergedException) {
      return EXIT_DIVERGED;
    }
    return 1;
  }

  private static String label(int status) {
    return switch (status) {
      case EXIT_CONFIG -> "config error: ";
      case EXIT_DATA -> "bad input: ";
      case EXIT_DIVERGED -> "diverged: ";
      default -> "failed: ";
    };
  }

  /** Reports the SparkTrain version from the jar's Maven metadata. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"sparktrain " + Provenance.sparkTrainVersion()};
    }
  }
}
