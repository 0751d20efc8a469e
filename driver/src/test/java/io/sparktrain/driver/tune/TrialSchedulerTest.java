package io.sparktrain.driver.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.kernels.config.ConfigException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ASHA on synthetic learning curves: trial quality {@code q} is a hyperparameter, and the metric
 * after {@code e} epochs is {@code q * (1 - exp(-e / 3))}, so a trial's rank is the same at every
 * epoch and the best trial is the one with the highest {@code q}.
 */
class TrialSchedulerTest {
  private static final SearchSpace SPACE = new SearchSpace(List.of(new Uniform("quality", 0, 1)));
  private static final AshaSpec ASHA = new AshaSpec(1, 9, 3);
  private static final int TRIALS = 27;

  static double curve(Map<String, Object> values, int epoch) {
    return (Double) values.get("quality") * (1 - Math.exp(-epoch / 3.0));
  }

  /** The journal of one search: every assignment in hand-out order and the score it reported. */
  record Event(Assignment assignment, double score) {}

  /**
   * Runs a search in waves of {@code slots}, checking every promotion against the ASHA rule on
   * the scores reported so far; {@code fails} marks trials that report NaN at their first rung.
   */
  static List<Event> drive(TrialScheduler scheduler, int slots, Set<Integer> fails) {
    return drive(scheduler, slots, fails, List.of());
  }

  /** Drives a scheduler that has already seen the events of {@code before}. */
  static List<Event> drive(TrialScheduler scheduler, int slots, Set<Integer> fails, List<Event> before) {
    List<Event> journal = new ArrayList<>();
    Map<Integer, Map<Integer, Double>> byRung = new TreeMap<>();
    Map<Integer, Integer> epochsDone = new HashMap<>();
    for (Event event : before) {
      epochsDone.put(event.assignment().trialId(), event.assignment().toEpoch());
      if (!Double.isNaN(event.score())) {
        byRung.computeIfAbsent(event.assignment().toEpoch(), epoch -> new TreeMap<>())
            .put(event.assignment().trialId(), event.score());
      }
    }
    List<Integer> rungs = scheduler.rungs();
    while (!scheduler.finished()) {
      List<Assignment> wave = scheduler.next(slots);
      assertThat(wave).as("work while the search is not finished").isNotEmpty().hasSizeLessThanOrEqualTo(slots);
      for (Assignment assignment : wave) {
        assertThat(assignment.fromEpoch()).isEqualTo(epochsDone.getOrDefault(assignment.trialId(), 0));
        if (!assignment.isNew()) {
          Map<Integer, Double> scores = byRung.get(assignment.fromEpoch());
          List<Integer> ranked = scores.entrySet().stream()
              .sorted(Map.Entry.<Integer, Double>comparingByValue(Comparator.reverseOrder())
                  .thenComparing(Map.Entry.comparingByKey()))
              .map(Map.Entry::getKey).toList();
          int top = scores.size() / ASHA.reduction();
          assertThat(ranked.subList(0, top)).as("promotion of trial %d from epoch %d", assignment.trialId(),
              assignment.fromEpoch()).contains(assignment.trialId());
          assertThat(assignment.toEpoch()).isEqualTo(rungs.get(rungs.indexOf(assignment.fromEpoch()) + 1));
        } else {
          assertThat(assignment.toEpoch()).isEqualTo(rungs.get(0));
        }
      }
      for (Assignment assignment : wave) {
        boolean failing = fails.contains(assignment.trialId());
        double score = failing ? Double.NaN : curve(assignment.values(), assignment.toEpoch());
        scheduler.report(assignment.trialId(), assignment.toEpoch(), score);
        journal.add(new Event(assignment, score));
        epochsDone.put(assignment.trialId(), assignment.toEpoch());
        if (!failing) {
          byRung.computeIfAbsent(assignment.toEpoch(), epoch -> new TreeMap<>()).put(assignment.trialId(), score);
        }
      }
    }
    return journal;
  }

  static TrialScheduler asha(StrategyType type, long seed) {
    return new TrialScheduler(SearchStrategy.create(type, SPACE, Goal.MAXIMIZE, seed), TRIALS, ASHA, 0,
        Goal.MAXIMIZE);
  }

  @Test
  void rungsGrowByTheReductionFactorUpToMaxEpochs() {
    assertThat(new AshaSpec(1, 9, 3).rungs()).containsExactly(1, 3, 9);
    assertThat(new AshaSpec(1, 10, 3).rungs()).containsExactly(1, 3, 9, 10);
    assertThat(new AshaSpec(2, 20, 2).rungs()).containsExactly(2, 4, 8, 16, 20);
    assertThat(new AshaSpec(5, 5, 4).rungs()).containsExactly(5);
    assertThatThrownBy(() -> new AshaSpec(0, 9, 3)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("tune.early-stopping.min-epochs");
    assertThatThrownBy(() -> new AshaSpec(3, 2, 3)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("tune.early-stopping.max-epochs");
    assertThatThrownBy(() -> new AshaSpec(1, 9, 1)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("tune.early-stopping.reduction");
  }

  @ParameterizedTest
  @CsvSource({"RANDOM, 1, 2", "RANDOM, 2, 4", "RANDOM, 3, 2", "RANDOM, 4, 4", "TPE, 5, 2", "TPE, 6, 4",
      "RANDOM, 7, 1", "RANDOM, 8, 27"})
  void ashaStopsMostTrialsEarlyAndNeverTheBest(StrategyType type, long seed, int slots) {
    TrialScheduler scheduler = asha(type, seed);
    List<Event> journal = drive(scheduler, slots, Set.of());

    Map<Integer, TrialStatus> statuses = scheduler.statuses();
    assertThat(statuses).hasSize(TRIALS);
    assertThat(statuses.values()).containsOnly(TrialStatus.COMPLETED, TrialStatus.STOPPED);
    long stopped = statuses.values().stream().filter(status -> status == TrialStatus.STOPPED).count();
    assertThat(stopped).as("trials stopped before max-epochs").isGreaterThanOrEqualTo(TRIALS / 2);
    int epochs = journal.stream().mapToInt(event -> event.assignment().toEpoch() - event.assignment().fromEpoch())
        .sum();
    assertThat(epochs).as("epochs trained, of %d without early stopping", TRIALS * ASHA.maxEpochs())
        .isLessThan(TRIALS * ASHA.maxEpochs() / 2);

    TrialResult best = scheduler.finishedResults().stream()
        .max(Comparator.comparingDouble(result -> (Double) result.values().get("quality"))).orElseThrow();
    assertThat(statuses.get(best.trialId())).as("the trial of the highest quality").isEqualTo(TrialStatus.COMPLETED);
    assertThat(scheduler.best()).map(TrialResult::trialId).hasValue(best.trialId());
  }

  @Test
  void failedTrialsAreNeverPromotedAndTheSearchGoesOn() {
    TrialScheduler scheduler = asha(StrategyType.RANDOM, 3);
    Set<Integer> fails = Set.of(0, 4, 9, 10, 11);
    List<Event> journal = drive(scheduler, 3, fails);

    for (int trial : fails) {
      assertThat(scheduler.statuses().get(trial)).isEqualTo(TrialStatus.FAILED);
      assertThat(journal.stream().filter(event -> event.assignment().trialId() == trial)).hasSize(1);
    }
    assertThat(scheduler.statuses()).hasSize(TRIALS);
    assertThat(scheduler.statuses().values()).contains(TrialStatus.COMPLETED);
    assertThat(scheduler.finishedResults()).filteredOn(result -> fails.contains(result.trialId()))
        .allMatch(result -> Double.isNaN(result.score()));
  }

  @Test
  void withoutEarlyStoppingEveryTrialTrainsAllEpochsOnce() {
    TrialScheduler scheduler = new TrialScheduler(
        SearchStrategy.create(StrategyType.RANDOM, SPACE, Goal.MAXIMIZE, 1), 7, null, 5, Goal.MAXIMIZE);
    List<Event> journal = drive(scheduler, 3, Set.of());

    assertThat(journal).hasSize(7).allMatch(event -> event.assignment().isNew() && event.assignment().toEpoch() == 5);
    assertThat(scheduler.statuses().values()).hasSize(7).containsOnly(TrialStatus.COMPLETED);
  }

  @Test
  void aGridSmallerThanTheBudgetEndsTheSearch() {
    SearchSpace grid = new SearchSpace(List.of(new Choice("optimizer.type", List.of("sgd", "adam")),
        new IntUniform("model.layers.0.units", 1, 2)));
    TrialScheduler scheduler = new TrialScheduler(SearchStrategy.create(StrategyType.GRID, grid, Goal.MINIMIZE, 1),
        10, null, 2, Goal.MINIMIZE);

    assertThat(scheduler.budget()).isEqualTo(4);
    List<Assignment> wave = scheduler.next(8);
    assertThat(wave).extracting(Assignment::trialId).containsExactly(0, 1, 2, 3);
    assertThat(scheduler.next(8)).isEmpty();
    assertThat(scheduler.finished()).isFalse();
    for (Assignment assignment : wave) {
      scheduler.report(assignment.trialId(), 2, assignment.trialId());
    }
    assertThat(scheduler.finished()).isTrue();
    assertThat(scheduler.best()).map(TrialResult::trialId).hasValue(0);
  }

  @Test
  void reportsMustMatchARunningAssignment() {
    TrialScheduler scheduler = asha(StrategyType.RANDOM, 1);
    Assignment first = scheduler.next(1).get(0);
    assertThatThrownBy(() -> scheduler.report(first.trialId(), 3, 0.5)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("epoch 3");
    assertThatThrownBy(() -> scheduler.report(5, 1, 0.5)).isInstanceOf(IllegalStateException.class);
    scheduler.report(first.trialId(), 1, 0.5);
    assertThatThrownBy(() -> scheduler.report(first.trialId(), 1, 0.5)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void replayingTheJournalRebuildsTheStateAndAResumedSearchEndsTheSame() {
    TrialScheduler original = asha(StrategyType.TPE, 9);
    List<Event> journal = drive(original, 4, Set.of(2));

    TrialScheduler replayed = asha(StrategyType.TPE, 9);
    journal.forEach(event -> replayed.replay(event.assignment(), event.score()));
    assertThat(replayed.finished()).isTrue();
    assertThat(replayed.statuses()).isEqualTo(original.statuses());
    assertThat(replayed.finishedResults()).isEqualTo(original.finishedResults());

    // Killed in the middle of a wave: the first 30 events reported, the next 2 handed out only.
    TrialScheduler resumed = asha(StrategyType.TPE, 9);
    journal.subList(0, 30).forEach(event -> resumed.replay(event.assignment(), event.score()));
    journal.subList(30, 32).forEach(event -> resumed.restore(event.assignment()));
    assertThat(resumed.running()).containsExactlyElementsOf(journal.subList(30, 32).stream()
        .map(Event::assignment).sorted(Comparator.comparingInt(Assignment::trialId)).toList());
    for (Assignment assignment : resumed.running()) {
      resumed.report(assignment.trialId(), assignment.toEpoch(), assignment.trialId() == 2 ? Double.NaN
          : curve(assignment.values(), assignment.toEpoch()));
    }
    List<Event> rest = drive(resumed, 4, Set.of(2), journal.subList(0, 32));
    assertThat(rest).isNotEmpty();
    assertThat(resumed.statuses()).isEqualTo(original.statuses());
    assertThat(resumed.finishedResults()).isEqualTo(original.finishedResults());
  }

  @Test
  void restoreRejectsAJournalThatDoesNotFit() {
    TrialScheduler scheduler = asha(StrategyType.RANDOM, 1);
    assertThatThrownBy(() -> scheduler.restore(new Assignment(3, Map.of("quality", 0.5), 0, 1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("next new trial is 0");
    scheduler.restore(new Assignment(0, Map.of("quality", 0.5), 0, 1));
    assertThatThrownBy(() -> scheduler.restore(new Assignment(0, Map.of("quality", 0.5), 1, 3)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not continue a paused trial");
  }
}
