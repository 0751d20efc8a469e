package io.sparktrain.driver.tune;

import io.sparktrain.kernels.config.ConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Hands out the trials of a search and decides, by asynchronous successive halving (ASHA, Li et
 * al., "A System for Massively Parallel Hyperparameter Tuning", MLSys 2020), which continue.
 *
 * <p>Order of calls: the runner calls {@link #next} with the number of free slots, trains every
 * returned {@link Assignment} (concurrently if it likes), calls {@link #report} once per
 * assignment with the metric after its {@code toEpoch} (in trial-id order, for a deterministic
 * search), and repeats until {@link #finished}. A trial's rungs are
 * {@link AshaSpec#rungs()}, or the single rung {@code epochs} without early stopping. A trial that
 * reported rung {@code k} is promotable to rung {@code k + 1} while it is among the best
 * {@code floor(n_k / reduction)} of the {@code n_k} trials that have reported rung {@code k} so far
 * (ranked by {@link Goal}, ties by trial id; failed trials do not count) and has not been
 * promoted. {@link #next} hands out promotions first, highest rung first and best first within a
 * rung, then new trials while the budget lasts, each proposed by the {@link SearchStrategy} with
 * {@link #finishedResults()} as its history. When nothing is running, nothing is promotable and
 * the budget is spent (or the grid is exhausted), the paused trials become
 * {@link TrialStatus#STOPPED} and the search is {@link #finished}.
 *
 * <p>Resume: every decision is a function of the strategy's seed and the reported scores, so
 * driving a new scheduler with the same {@code next} slot counts and the same scores reproduces
 * the same state. A runner that journals assignments as they are handed out can instead rebuild
 * the state directly: {@link #replay} each journaled assignment that reported a score, in journal
 * order, and {@link #restore} each that was handed out but never reported (they are then
 * {@link #running()} and must be trained and reported again).
 *
 * <p>Not thread-safe: call it from one thread.
 */
public final class TrialScheduler {
  private final SearchStrategy strategy;
  private final long budget;
  private final List<Integer> rungs;
  private final int reduction;
  private final Goal goal;
  private final Map<Integer, Trial> trials = new TreeMap<>();
  /** Per rung, the trials that reported it with a number, in report order. */
  private final List<List<Trial>> reached = new ArrayList<>();
  private int nextTrialId;
  private boolean exhausted;
  private boolean finished;

  /**
   * @param strategy proposes each new trial's values
   * @param trials the trial budget, {@code >= 1}; a grid smaller than it ends the search earlier
   * @param asha successive halving, or null for none: every trial then runs epochs
   *     {@code 1..epochs} in one assignment
   * @param epochs {@code training.epochs}, used when {@code asha} is null
   * @param goal whether higher or lower scores are better
   */
  public TrialScheduler(SearchStrategy strategy, int trials, AshaSpec asha, int epochs, Goal goal) {
    ConfigException.require(trials >= 1, "tune.trials must be >= 1, got " + trials);
    ConfigException.require(asha != null || epochs >= 1, "training.epochs must be >= 1, got " + epochs);
    this.strategy = strategy;
    this.budget = Math.min(trials, strategy.size().orElse(Long.MAX_VALUE));
    this.rungs = asha == null ? List.of(epochs) : asha.rungs();
    this.reduction = asha == null ? Integer.MAX_VALUE : asha.reduction();
    this.goal = goal;
    for (int k = 0; k < rungs.size(); k++) {
      reached.add(new ArrayList<>());
    }
  }

  /**
   * Up to {@code freeSlots} pieces of work: promotions of paused trials first (highest rung
   * first, best first), then new trials while the trial budget lasts. Empty when there is nothing
   * to do now (wait for running trials to report) or the search is finished.
   */
  public List<Assignment> next(int freeSlots) {
    if (freeSlots < 0) {
      throw new IllegalArgumentException("freeSlots must be >= 0, got " + freeSlots);
    }
    List<Assignment> work = new ArrayList<>();
    if (finished) {
      return work;
    }
    for (Trial trial : promotable()) {
      if (work.size() == freeSlots) {
        break;
      }
      trial.running = new Assignment(trial.id, trial.values, rungs.get(trial.rung), rungs.get(trial.rung + 1));
      trial.status = TrialStatus.RUNNING;
      work.add(trial.running);
    }
    List<TrialResult> history = finishedResults();
    while (work.size() < freeSlots && !budgetSpent()) {
      Map<String, Object> values = strategy.propose(nextTrialId, history);
      if (values == null || values.isEmpty()) {
        exhausted = true;
        break;
      }
      work.add(start(new Assignment(nextTrialId, values, 0, rungs.get(0))));
    }
    settle();
    return work;
  }

  /**
   * The metric of trial {@code trialId} after epoch {@code epoch}, the {@code toEpoch} of its
   * running assignment. NaN marks the trial {@link TrialStatus#FAILED}; it is never promoted.
   *
   * @throws IllegalStateException if the trial is not running or {@code epoch} is not the epoch
   *     it was assigned to reach
   */
  public void report(int trialId, int epoch, double score) {
    Trial trial = trials.get(trialId);
    if (trial == null || trial.status != TrialStatus.RUNNING) {
      throw new IllegalStateException("trial " + trialId + " is not running ("
          + (trial == null ? "never started" : trial.status) + ")");
    }
    if (trial.running.toEpoch() != epoch) {
      throw new IllegalStateException("trial " + trialId + " was assigned epochs " + (trial.running.fromEpoch() + 1)
          + ".." + trial.running.toEpoch() + ", got a report for epoch " + epoch);
    }
    int rung = rungs.indexOf(epoch);
    trial.running = null;
    trial.score = score;
    trial.reported = true;
    if (Double.isNaN(score)) {
      trial.status = TrialStatus.FAILED;
    } else {
      trial.rung = rung;
      trial.rungScores.put(rung, score);
      reached.get(rung).add(trial);
      trial.status = rung == rungs.size() - 1 ? TrialStatus.COMPLETED : TrialStatus.PAUSED;
    }
  }

  /**
   * Re-applies a journaled assignment and the score it reported: {@link #restore} then
   * {@link #report}. Replays must come in the order the assignments were handed out.
   */
  public void replay(Assignment assignment, double score) {
    restore(assignment);
    report(assignment.trialId(), assignment.toEpoch(), score);
  }

  /**
   * Marks a journaled assignment as handed out, without asking the strategy (the journal's values
   * are the truth) or checking promotability. A new trial must be the next trial id and start at
   * the first rung; a promotion must continue a paused trial from its rung to the next.
   *
   * @throws IllegalStateException if the assignment does not fit the state rebuilt so far
   */
  public void restore(Assignment assignment) {
    int id = assignment.trialId();
    if (assignment.isNew()) {
      if (id != nextTrialId || budgetSpent() || assignment.toEpoch() != rungs.get(0)) {
        throw new IllegalStateException("journaled " + assignment + " does not fit: the next new trial is "
            + nextTrialId + " (budget " + budget + "), first rung " + rungs.get(0));
      }
      start(assignment);
      return;
    }
    Trial trial = trials.get(id);
    if (trial == null || trial.status != TrialStatus.PAUSED || rungs.get(trial.rung) != assignment.fromEpoch()
        || rungs.get(trial.rung + 1) != assignment.toEpoch()) {
      throw new IllegalStateException("journaled " + assignment + " does not continue a paused trial: trial " + id
          + " is " + (trial == null ? "unknown" : trial.status + " at epoch "
          + (trial.rung < 0 ? 0 : rungs.get(trial.rung))));
    }
    trial.running = assignment;
    trial.status = TrialStatus.RUNNING;
    finished = false;
  }

  /**
   * Whether the search is over: nothing running, nothing promotable, and the budget spent or the
   * grid exhausted. The first call (of this or {@link #next}) that finds it over turns the paused
   * trials {@link TrialStatus#STOPPED}; {@link #report} and {@link #replay} never do, so a replay
   * that has not yet restored the rest of a wave stops nothing.
   */
  public boolean finished() {
    if (!finished) {
      settle();
    }
    return finished;
  }

  /**
   * Every trial started so far and its status, by trial id. Paused trials read
   * {@link TrialStatus#PAUSED} until {@link #finished} or {@link #next} finds the search over.
   */
  public Map<Integer, TrialStatus> statuses() {
    Map<Integer, TrialStatus> statuses = new TreeMap<>();
    trials.forEach((id, trial) -> statuses.put(id, trial.status));
    return Collections.unmodifiableMap(statuses);
  }

  /** The assignments handed out and not yet reported, by trial id. */
  public List<Assignment> running() {
    return trials.values().stream().filter(trial -> trial.running != null).map(trial -> trial.running).toList();
  }

  /**
   * Every trial that has reported at least once, by trial id, with its latest score (NaN for a
   * failed trial): the history the strategy proposes from.
   */
  public List<TrialResult> finishedResults() {
    return trials.values().stream().filter(trial -> trial.reported)
        .map(trial -> new TrialResult(trial.id, trial.values, trial.score)).toList();
  }

  /** The best {@link TrialStatus#COMPLETED} trial by its final score (ties: lowest id), if any. */
  public Optional<TrialResult> best() {
    return trials.values().stream().filter(trial -> trial.status == TrialStatus.COMPLETED)
        .sorted((a, b) -> goal.bestFirst().compare(a.score, b.score))
        .map(trial -> new TrialResult(trial.id, trial.values, trial.score)).findFirst();
  }

  /** The rungs in epochs, ascending; the last is where a trial completes. */
  public List<Integer> rungs() {
    return rungs;
  }

  /** The trial budget: {@code trials}, or the grid's size when smaller. */
  public long budget() {
    return budget;
  }

  private Assignment start(Assignment assignment) {
    Trial trial = new Trial(assignment.trialId(), assignment.values());
    trial.running = assignment;
    trials.put(trial.id, trial);
    nextTrialId++;
    finished = false;
    return assignment;
  }

  private boolean budgetSpent() {
    return exhausted || nextTrialId >= budget;
  }

  /** The paused trials now promotable, highest rung first, best first within a rung. */
  private List<Trial> promotable() {
    List<Trial> promotable = new ArrayList<>();
    for (int k = rungs.size() - 2; k >= 0; k--) {
      int rung = k;
      List<Trial> ranked = new ArrayList<>(reached.get(k));
      ranked.sort(Comparator.<Trial, Double>comparing(trial -> trial.rungScores.get(rung), goal.bestFirst())
          .thenComparingInt(trial -> trial.id));
      int top = ranked.size() / reduction;
      for (Trial trial : ranked.subList(0, top)) {
        if (trial.status == TrialStatus.PAUSED && trial.rung == k) {
          promotable.add(trial);
        }
      }
    }
    return promotable;
  }

  private void settle() {
    boolean running = trials.values().stream().anyMatch(trial -> trial.status == TrialStatus.RUNNING);
    if (!running && budgetSpent() && promotable().isEmpty()) {
      for (Trial trial : trials.values()) {
        if (trial.status == TrialStatus.PAUSED) {
          trial.status = TrialStatus.STOPPED;
        }
      }
      finished = true;
    }
  }

  private static final class Trial {
    final int id;
    final Map<String, Object> values;
    final Map<Integer, Double> rungScores = new TreeMap<>();
    TrialStatus status = TrialStatus.RUNNING;
    Assignment running;
    int rung = -1;
    double score = Double.NaN;
    boolean reported;

    Trial(int id, Map<String, Object> values) {
      this.id = id;
      this.values = values;
    }
  }
}
