package io.sparktrain.ps.shard;

import io.netty.channel.local.LocalAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's end of one run of the shards (a Spark barrier stage): it hands each shard's host the
 * slices its shard starts from, takes each shard's final slices back, and receives the workers'
 * step progress while the steps run. Nothing of a step's data passes through it: the parameters
 * and the optimizer state cross once each way per run, {@code 4 * P} bytes of parameters plus the
 * state (Adam: {@code 8 * P}), in STATE frames of at most 1 MiB ({@link SnapshotParts}), directly
 * between the driver and each shard's host.
 *
 * <p>Protocol, per connection, after the same handshake as a shard's (the frames' shard field is
 * {@link #ENDPOINT}; the worker index a connection authenticates as is the shard it speaks for):
 * FETCH of the start step, answered with that shard's STATE parts; PROGRESS frames, queued for
 * {@link #pollProgress}; the shard's final STATE parts, answered with STORED. A frame of another
 * job, a FETCH of another step, parts out of order, of the wrong size or stored twice are logged,
 * answered with an ERROR frame and counted ({@link #rejectedFrames}), and that connection closed;
 * the coordinator keeps serving the others.
 *
 * <p>Lifecycle: {@link #start}, hand {@link #address()} (or {@link #inJvmAddress()} to tasks in
 * this JVM) to the shards' hosts, read progress until the run's tasks are done, read the final
 * slices, {@link #close()}. Networking runs on one thread of its own; the public methods are
 * thread-safe.
 */
public final class ShardCoordinator implements AutoCloseable {
  /** The shard field of every frame to and from the coordinator. */
  public static final int ENDPOINT = -1;
  private static final Logger LOG = LoggerFactory.getLogger(ShardCoordinator.class);
  private final Endpoint endpoint;
  private final ShardedPsConfig config;
  private final long startStep;
  private final float[] startParameters;
  private final List<float[]> startStates;
  private final float[][] finalParameters;
  private final float[][] finalStates;
  private final long[] finalSteps;
  private final BlockingQueue<StepProgress> progress = new LinkedBlockingQueue<>();

  private ShardCoordinator(ShardedPsConfig config, ParameterServerSecret secret, long startStep,
      float[] startParameters, List<float[]> startStates) {
    this.endpoint = new Endpoint(config, secret, ENDPOINT);
    this.config = config;
    this.startStep = startStep;
    this.startParameters = startParameters;
    this.startStates = List.copyOf(startStates);
    this.finalParameters = new float[config.workers()][];
    this.finalStates = new float[config.workers()][];
    this.finalSteps = new long[config.workers()];
  }

  /**
   * Starts a coordinator listening on {@code bindAddress}, serving shards that start before step
   * {@code step} from {@code parameters} and {@code stateSlices}. The arrays are read, not copied:
   * leave them unchanged until {@link #close}.
   *
   * @param config the job's settings
   * @param secret the job's key
   * @param step the step every shard starts at
   * @param parameters the whole parameter vector before {@code step}
   * @param stateSlices each shard's slice of the optimizer state before {@code step}, in shard order
   *     (in the layout of {@link SliceLayout#sliceState})
   * @param bindAddress host and port to listen on; port 0 picks a free port, see {@link #address()}
   * @throws ShardTransportException when the address cannot be bound
   */
  public static ShardCoordinator start(ShardedPsConfig config, ParameterServerSecret secret, long step,
      float[] parameters, List<float[]> stateSlices, InetSocketAddress bindAddress) {
    SliceLayout layout = config.layout();
    if (parameters.length != layout.size() || stateSlices.size() != layout.slices()) {
      throw new IllegalArgumentException("a coordinator of " + layout.slices() + " shards over " + layout.size()
          + " parameters got " + parameters.length + " parameters and " + stateSlices.size() + " state slices");
    }
    ShardCoordinator coordinator = new ShardCoordinator(config, secret, step, parameters, stateSlices);
    coordinator.endpoint.listen(bindAddress, () -> new CoordinatorHandler(coordinator));
    LOG.info("shard coordinator of job {} listening on {} for {} shards from step {}", config.jobId(),
        coordinator.address(), config.workers(), step);
    return coordinator;
  }

  /** The address the coordinator listens on, with the actual port. */
  public InetSocketAddress address() {
    return endpoint.address();
  }

  /** The coordinator's address for shards' hosts in this JVM, unique in the JVM. */
  public LocalAddress inJvmAddress() {
    return endpoint.inJvmAddress();
  }

  /**
   * The next step progress a worker reported, in the order of arrival, waiting up to {@code
   * timeout} for one.
   *
   * @return the progress, or null when none came in time
   */
  public StepProgress pollProgress(long timeout, TimeUnit unit) throws InterruptedException {
    return progress.poll(timeout, unit);
  }

  /** Whether every shard has stored its final slices. */
  public synchronized boolean complete() {
    for (float[] slice : finalParameters) {
      if (slice == null) {
        return false;
      }
    }
    return true;
  }

  /** The step every shard's final slices are before: its next step. */
  public synchronized long finalStep() {
    requireComplete();
    return finalSteps[0];
  }

  /** The whole parameter vector put together from the shards' final slices, a new array. */
  public synchronized float[] finalParameters() {
    requireComplete();
    SliceLayout layout = config.layout();
    float[] whole = new float[layout.size()];
    for (int s = 0; s < layout.slices(); s++) {
      System.arraycopy(finalParameters[s], 0, whole, layout.offset(s), layout.length(s));
    }
    return whole;
  }

  /** Each shard's final slice of the optimizer state, in shard order (the arrays are the caller's). */
  public synchronized List<float[]> finalStateSlices() {
    requireComplete();
    return List.of(finalStates);
  }

  /** Number of frames and connections rejected so far (bad frames, failed authentication). */
  public long rejectedFrames() {
    return endpoint.rejections().get();
  }

  /** Closes the listener and every connection, and stops the coordinator's thread. Idempotent. */
  @Override
  public void close() {
    endpoint.close();
  }

  private void requireComplete() {
    List<Integer> missing = new ArrayList<>();
    for (int s = 0; s < finalParameters.length; s++) {
      if (finalParameters[s] == null) {
        missing.add(s);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("shards " + missing + " have not stored their final slices");
    }
    for (int s = 1; s < finalSteps.length; s++) {
      if (finalSteps[s] != finalSteps[0]) {
        throw new IllegalStateException("shard " + s + " stored its slices before step " + finalSteps[s]
            + ", shard 0 before step " + finalSteps[0]);
      }
    }
  }

  /** Stores shard {@code shard}'s final slices; false when it already had. Coordinator thread. */
  synchronized boolean store(int shard, long step, float[] parameters, float[] state) {
    if (finalParameters[shard] != null) {
      return false;
    }
    finalParameters[shard] = parameters;
    finalStates[shard] = state;
    finalSteps[shard] = step;
    return true;
  }

  void report(StepProgress step) {
    progress.add(step);
  }

  Endpoint endpoint() {
    return endpoint;
  }

  long startStep() {
    return startStep;
  }

  float[] startParameters() {
    return startParameters;
  }

  float[] startState(int shard) {
    return startStates.get(shard);
  }
}
