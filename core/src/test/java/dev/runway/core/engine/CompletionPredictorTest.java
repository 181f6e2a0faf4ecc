package dev.runway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The predictor's schedule, simulated: for queries of known durations, when each status call is
 * made, how late the end is seen, and how many calls it took. No clock, no sleeping.
 */
class CompletionPredictorTest {

  private static final long MS = 1_000_000L;

  private record Outcome(long lagNanos, int calls) {}

  /** Simulates the runtime's loop for a query that finishes after {@code duration}. */
  private static Outcome simulate(CompletionPredictor p, String sql, long duration) {
    long predicted = p.predict(sql);
    long t = p.first(predicted);
    int calls = 0;
    long lastDelay = t;
    while (true) {
      calls++;
      if (t >= duration) {
        p.record(sql, t - lastDelay / 2);
        return new Outcome(t - duration, calls);
      }
      lastDelay = p.next(predicted, t);
      t += lastDelay;
    }
  }

  /**
   * The back-off as it runs on average: first call at once, then 100 ms growing by 1.5 to 2 s, less
   * the mean of its 20% jitter (the benchmark's "today" figures include the jitter).
   */
  private static Outcome backoff(long duration) {
    PollingPolicy policy = PollingPolicy.defaults();
    long t = 0;
    int calls = 0;
    for (int attempt = 0; ; attempt++) {
      calls++;
      if (t >= duration) {
        return new Outcome(t - duration, calls);
      }
      t += policy.delay(attempt, 0.5).toNanos();
    }
  }

  @Test
  void firstSeen_lagWithinAQuarter_callsWithinOneAndAHalfOfTheBackoff() {
    for (long millis : new long[] {300, 2_000, 20_000}) {
      CompletionPredictor p = new CompletionPredictor(PollingPolicy.defaults());
      Outcome o = simulate(p, "q" + millis, millis * MS);
      Outcome today = backoff(millis * MS);
      assertThat(o.lagNanos())
          .as(millis + " ms lag")
          .isLessThanOrEqualTo(Math.max(millis * MS / 4, 100 * MS));
      assertThat((double) o.calls())
          .as(millis + " ms calls")
          .isLessThanOrEqualTo(1.5 * today.calls());
    }
  }

  @Test
  void repeated_lagWithinATenth_callsNoMoreThanTheBackoff() {
    for (long millis : new long[] {300, 2_000, 20_000}) {
      CompletionPredictor p = new CompletionPredictor(PollingPolicy.defaults());
      simulate(p, "q", millis * MS); // the first run teaches the predictor
      Outcome o = simulate(p, "q", millis * MS);
      Outcome today = backoff(millis * MS);
      assertThat(o.lagNanos())
          .as(millis + " ms lag")
          .isLessThanOrEqualTo(Math.max(millis * MS / 10, 100 * MS));
      assertThat(o.calls()).as(millis + " ms calls").isLessThanOrEqualTo(today.calls());
    }
  }

  @Test
  void repeatedButSlowerThisTime_fallsBackToTheProportionalSchedule() {
    CompletionPredictor p = new CompletionPredictor(PollingPolicy.defaults());
    for (int i = 0; i < 5; i++) {
      simulate(p, "q", 1_000 * MS);
    }
    Outcome slow = simulate(p, "q", 10_000 * MS);
    assertThat(slow.lagNanos()).isLessThanOrEqualTo(10_000 * MS / 4);
  }

  @Test
  void delays_stayWithinThePolicysBounds() {
    CompletionPredictor p =
        new CompletionPredictor(
            new PollingPolicy(Duration.ofMillis(200), 1.5, Duration.ofSeconds(1), 0));
    assertThat(p.next(-1, 10 * MS)).isEqualTo(200 * MS);
    assertThat(p.next(-1, 100_000 * MS)).isEqualTo(1_000 * MS);
    assertThat(p.first(-1)).isEqualTo(200 * MS);
    assertThat(p.first(5 * MS))
        .as("a repeated query that finishes at once is asked at once")
        .isZero();
    assertThat(p.tight(60_000 * MS)).isEqualTo(1_000 * MS);
  }
}
