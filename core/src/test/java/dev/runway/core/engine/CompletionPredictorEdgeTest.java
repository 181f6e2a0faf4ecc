package dev.runway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The predictor's arithmetic, figure by figure, with bounds of 100 ms and 2 s: the median of the
 * runs kept, the tight interval, the first wait and each next one on both sides of every edge.
 */
class CompletionPredictorEdgeTest {

  private static final long MS = 1_000_000L;
  private final CompletionPredictor p =
      new CompletionPredictor(
          new PollingPolicy(Duration.ofMillis(100), 1.5, Duration.ofSeconds(2), 0));

  @Test
  void predict_isTheMedianOfTheRunsKept() {
    assertThat(p.predict("q")).isEqualTo(-1);
    p.record("q", 300 * MS);
    assertThat(p.predict("q")).isEqualTo(300 * MS);
    p.record("q", 100 * MS);
    // two runs: the upper of the two middle ones
    assertThat(p.predict("q")).isEqualTo(300 * MS);
    p.record("q", 200 * MS);
    assertThat(p.predict("q")).isEqualTo(200 * MS);
    assertThat(p.predict("other")).isEqualTo(-1);
    // only the most recent runs count: many long runs push the old short ones out
    for (int i = 0; i < 50; i++) {
      p.record("q", 5_000 * MS);
    }
    assertThat(p.predict("q")).isEqualTo(5_000 * MS);
  }

  @Test
  void tight_isEightPercent_withinTheBounds() {
    assertThat(p.tight(10_000 * MS)).isEqualTo(800 * MS);
    assertThat(p.tight(100_000 * MS)).as("capped at the policy's max").isEqualTo(2_000 * MS);
    assertThat(p.tight(0)).as("at least the policy's initial delay").isEqualTo(100 * MS);
  }

  @Test
  void first_waitsUntilJustBeforeThePredictedEnd() {
    assertThat(p.first(-1)).as("first seen: the initial delay").isEqualTo(100 * MS);
    assertThat(p.first(10_000 * MS)).isEqualTo(10_000 * MS - 400 * MS);
    assertThat(p.first(0)).as("an instant result is asked for at once").isZero();
    assertThat(p.first(20 * MS)).isZero();
  }

  @Test
  void next_beforeAroundAndAfterThePrediction() {
    long predicted = 10_000 * MS; // tight 800 ms, expected end window from 9.6 s
    // well before: wait until the window, capped at the max
    assertThat(p.next(predicted, 0)).isEqualTo(2_000 * MS);
    assertThat(p.next(predicted, 9_000 * MS)).isEqualTo(600 * MS);
    assertThat(p.next(predicted, 9_600 * MS - 500_000)).as("never below 1 ms").isEqualTo(MS);
    // in the window (until 1.5 x the prediction + tight): the tight interval
    assertThat(p.next(predicted, 9_600 * MS)).isEqualTo(800 * MS);
    assertThat(p.next(predicted, 15_800 * MS - 1)).isEqualTo(800 * MS);
    // past it: a quarter of the time so far, within the bounds
    assertThat(p.next(predicted, 15_800 * MS)).isEqualTo(2_000 * MS);
    // first seen: a quarter of the time so far
    assertThat(p.next(-1, 1_000 * MS)).isEqualTo(250 * MS);
    assertThat(p.next(-1, 100 * MS)).isEqualTo(100 * MS);
    assertThat(p.next(-1, 60_000 * MS)).isEqualTo(2_000 * MS);
    assertThat(p.next(0, 0)).as("predicted instant, not yet done: tight").isEqualTo(100 * MS);
  }
}
