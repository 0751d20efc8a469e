package io.sparktrain.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The child side of the benchmark: trains one system in this JVM and writes its
 * {@link SystemResult} as JSON. {@link Benchmark} starts it with the environment the system
 * needs; run by hand, it trusts the environment it is given.
 */
@Command(name = "benchmark-run", mixinStandardHelpOptions = true,
    description = "Trains one benchmark system in this JVM and writes its result as JSON.")
public final class BenchmarkRun implements Callable<Integer> {
  @Option(names = "--system", required = true, description = "the system to train")
  private String system;

  @Option(names = "--train", required = true, description = "IDX path prefix of the training data")
  private String train;

  @Option(names = "--test", required = true, description = "IDX path prefix of the test data")
  private String test;

  @Option(names = "--epochs", required = true, description = "epochs to train")
  private int epochs;

  @Option(names = "--seed", required = true, description = "seed of initialization and shuffling")
  private long seed;

  @Option(names = "--result", required = true, description = "the JSON file to write")
  private Path result;

  @Option(names = "--scratch", required = true, description = "a folder the system may use and deletes")
  private Path scratch;

  /** Entry point; exits with 0 on success. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchmarkRun()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Contender contender = Contender.byId(system);
    Workload workload = new Workload(train, test, epochs, seed);
    TrainingRun run = contender.runner(scratch).run(workload, epoch -> System.out.println(epoch.describe(epochs)));
    String omp = Objects.requireNonNullElse(System.getenv("OMP_NUM_THREADS"), "unset");
    new ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValue(result.toFile(), SystemResult.of(contender, omp, run));
    return 0;
  }
}
