package dev.runway.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.health.Health;
import dev.runway.core.query.Query;
import dev.runway.core.query.RowStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The canary's rules at their edges, on a clock and a latency ticker the test moves: when a step is
 * taken, when the window's figures roll back, which bucket a routing key falls in.
 */
class CanaryEdgeTest {

  /** A clock the test sets. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-11-26T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void plus(Duration d) {
      now = now.plus(d);
    }
  }

  private final FakeClient current = new FakeClient("current");
  private final FakeClient next = new FakeClient("next");
  private final MovingClock clock = new MovingClock();
  private final AtomicLong ticks = new AtomicLong();
  private final List<CanaryDatabaseClient.Event> heard = new ArrayList<>();

  private CanaryDatabaseClient.Builder builder() {
    return CanaryDatabaseClient.builder(current, next)
        .clock(clock)
        .ticker(ticks::get)
        .listener(heard::add);
  }

  /** The new engine answers after {@code millis}. */
  private void nextTakes(long millis) {
    next.during = () -> ticks.addAndGet(millis * 1_000_000L);
  }

  private static Query all() {
    return Query.of("SELECT 1");
  }

  @Test
  void rollback_onlyAboveTheErrorRate_andOnlyWithEnoughSamples() {
    CanaryDatabaseClient c =
        builder()
            .steps(List.of(100))
            .rollbackWhen(Duration.ofMinutes(5), 4, 0.25, Duration.ofSeconds(1))
            .build();
    CanaryDatabaseClient few =
        CanaryDatabaseClient.builder(current, next)
            .steps(List.of(100))
            .rollbackWhen(Duration.ofMinutes(5), 4, 0.25, Duration.ofSeconds(1))
            .build();
    next.failure = new IllegalStateException("down");
    for (int i = 0; i < 3; i++) {
      assertThat(few.execute(all()).rows().get(0).get(0))
          .isEqualTo("current"); // answered by current
    }
    assertThat(few.percent()).as("3 failures of 3, but fewer than 4 samples").isEqualTo(100);
    next.failure = null;
    for (int i = 0; i < 9; i++) {
      c.execute(all());
    }
    next.failure = new IllegalStateException("down");
    for (int i = 0; i < 3; i++) {
      c.execute(all());
    }
    // 3 failures of 12: exactly 0.25, not above
    assertThat(c.percent()).isEqualTo(100);
    c.execute(all());
    assertThat(c.percent()).isZero();
    CanaryDatabaseClient.Event e = c.events().get(0);
    assertThat(e.kind()).isEqualTo("ROLLBACK");
    assertThat(e.fromPercent()).isEqualTo(100);
    assertThat(e.toPercent()).isZero();
    assertThat(e.samples()).isEqualTo(13);
    assertThat(e.errorRate()).isEqualTo(4.0 / 13);
    assertThat(heard).containsExactly(e);
    // rolled back: nothing more reaches the new engine, and no step is taken
    long before = next.count("execute");
    clock.plus(Duration.ofDays(1));
    c.execute(all());
    assertThat(next.count("execute")).isEqualTo(before);
    assertThat(c.percent()).isZero();
  }

  @Test
  void rollback_onlyAboveTheP99() {
    CanaryDatabaseClient c =
        builder()
            .steps(List.of(100))
            .rollbackWhen(Duration.ofMinutes(5), 2, 0.5, Duration.ofMillis(100))
            .build();
    nextTakes(100);
    for (int i = 0; i < 5; i++) {
      c.execute(all());
    }
    assertThat(c.percent()).as("p99 exactly 100 ms").isEqualTo(100);
    nextTakes(101);
    c.execute(all());
    assertThat(c.percent()).isZero();
    assertThat(c.events().get(0).p99Millis()).isEqualTo(101.0);
    assertThat(c.events().get(0).errorRate()).isZero();
  }

  @Test
  void p99_isTheSampleAtTheCeilingRank() {
    // 100 samples: the 99th smallest is the p99, so one slow outlier does not roll back
    CanaryDatabaseClient c =
        builder()
            .steps(List.of(100))
            .rollbackWhen(Duration.ofMinutes(5), 100, 0.5, Duration.ofMillis(50))
            .build();
    nextTakes(10);
    for (int i = 0; i < 99; i++) {
      c.execute(all());
    }
    nextTakes(1_000);
    c.execute(all());
    assertThat(c.percent()).isEqualTo(100);
    c.execute(all()); // a second outlier in 101: rank ceil(99.99) = 100, the first slow one
    assertThat(c.percent()).isZero();
  }

  @Test
  void window_dropsOldSamples() {
    CanaryDatabaseClient c =
        builder()
            .steps(List.of(100))
            .rollbackWhen(Duration.ofMinutes(5), 3, 0.5, Duration.ofSeconds(1))
            .build();
    next.failure = new IllegalStateException("down");
    c.execute(all());
    c.execute(all());
    clock.plus(Duration.ofMinutes(5).plusMillis(1));
    next.failure = null;
    c.execute(all());
    next.failure = new IllegalStateException("down");
    c.execute(all());
    // in the window: one success and one failure, fewer than 3 samples
    assertThat(c.percent()).isEqualTo(100);
    c.execute(all());
    assertThat(c.percent()).isZero();
    assertThat(c.events().get(0).samples()).isEqualTo(3);
  }

  @Test
  void steps_advanceAtTheIntervalExactly_onlyWithEnoughSamples() {
    CanaryDatabaseClient c =
        builder()
            .steps(List.of(0, 100))
            .stepInterval(Duration.ofMinutes(10))
            .rollbackWhen(Duration.ofHours(1), 2, 0.5, Duration.ofSeconds(1))
            .build();
    assertThat(c.percent()).isZero();
    clock.plus(Duration.ofMinutes(10).minusMillis(1));
    c.execute(all());
    assertThat(c.percent()).isZero();
    assertThat(next.count("execute")).isZero();
    clock.plus(Duration.ofMillis(1));
    c.execute(all()); // from 0 %, no evidence is needed to start
    assertThat(c.percent()).isEqualTo(100);
    assertThat(next.count("execute")).isEqualTo(1);
    assertThat(c.events()).extracting(CanaryDatabaseClient.Event::kind).containsExactly("STEP");
    assertThat(c.events().get(0).toPercent()).isEqualTo(100);
    // the last step: nothing further
    clock.plus(Duration.ofDays(1));
    c.execute(all());
    assertThat(c.events()).hasSize(1);
  }

  @Test
  void steps_waitForEvidence_beforeGoingFurther() {
    CanaryDatabaseClient c =
        builder()
            .steps(List.of(100 / 2, 100))
            .stepInterval(Duration.ofMinutes(1))
            .routingKey(q -> null)
            .rollbackWhen(Duration.ofHours(1), 3, 0.5, Duration.ofSeconds(1))
            .build();
    clock.plus(Duration.ofMinutes(2));
    // at 50 % with random routing: keep asking until the new engine has 2 samples
    while (next.count("execute") < 2) {
      c.execute(all());
    }
    assertThat(c.percent()).as("2 samples of the 3 needed").isEqualTo(50);
    while (next.count("execute") < 3) {
      c.execute(all());
    }
    c.execute(all());
    assertThat(c.percent()).isEqualTo(100);
    assertThat(c.events().get(0).fromPercent()).isEqualTo(50);
    assertThat(c.events().get(0).samples()).isEqualTo(3);
  }

  private static int bucket(String key) {
    CRC32 crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % 100);
  }

  @Test
  void routingKey_fallsInItsBucket_belowTheShare() {
    String key = "user-17";
    int b = bucket(key);
    assertThat(b).isBetween(1, 98);
    Query q = Query.builder("SELECT 1").cacheScope(key).build();
    CanaryDatabaseClient atBucket =
        CanaryDatabaseClient.builder(current, next).steps(List.of(b)).build();
    atBucket.execute(q);
    assertThat(next.count("execute")).as("bucket %d at %d %%", b, b).isZero();
    CanaryDatabaseClient above =
        CanaryDatabaseClient.builder(current, next).steps(List.of(b + 1)).build();
    above.execute(q);
    above.execute(q);
    assertThat(next.count("execute")).isEqualTo(2);
    try (RowStream s = above.stream(q)) {
      assertThat(s.iterator().next().get(0)).isEqualTo("next");
    }
    try (RowStream s = atBucket.stream(q)) {
      assertThat(s.iterator().next().get(0)).isEqualTo("current");
    }
  }

  @Test
  void everythingElse_goesToTheCurrentEngine_andCloseClosesBoth() throws Exception {
    next.cancellable = Set.of("n1");
    current.cancellable = Set.of("c1");
    CanaryDatabaseClient c = builder().steps(List.of(100)).build();
    assertThat(c.engine()).isEqualTo("current");
    assertThat(c.cancel("c1")).isTrue();
    assertThat(c.cancel("n1")).isTrue();
    assertThat(c.cancel("x")).isFalse();
    current.health = Health.down("database:current", "why");
    assertThat(c.health().detail()).isEqualTo("why");
    assertThat(c.executeAsync(all()).get().rows().get(0).get(0)).isEqualTo("next");
    current.closeFailure = new IllegalStateException("close failed");
    assertThatThrownBy(c::close).hasMessage("close failed");
    assertThat(next.calls).contains("close");
    c.rollback();
    assertThat(c.percent()).isZero();
    assertThat(c.events().get(0).kind()).isEqualTo("MANUAL");
  }

  @Test
  void builder_refusesBadSteps_andThresholds() {
    assertThatThrownBy(() -> CanaryDatabaseClient.builder(current, next).steps(List.of()))
        .hasMessage("at least one step is needed");
    for (List<Integer> bad : List.of(List.of(-1), List.of(101), List.of(5, 5), List.of(50, 25))) {
      assertThatThrownBy(() -> CanaryDatabaseClient.builder(current, next).steps(bad))
          .as(bad.toString())
          .hasMessage("steps must increase within 0..100, got " + bad);
    }
    assertThat(CanaryDatabaseClient.builder(current, next).steps(List.of(0, 100)).build().percent())
        .isZero();
    assertThatThrownBy(
            () -> CanaryDatabaseClient.builder(current, next).steps(List.of(1)).steps(List.of(2)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                CanaryDatabaseClient.builder(current, next)
                    .rollbackWhen(Duration.ofMinutes(1), 0, 0.1, Duration.ofSeconds(1)))
        .hasMessageContaining("minSamples must be >= 1");
    assertThatThrownBy(
            () ->
                CanaryDatabaseClient.builder(current, next)
                    .rollbackWhen(Duration.ofMinutes(1), 1, -0.01, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                CanaryDatabaseClient.builder(current, next)
                    .rollbackWhen(Duration.ofMinutes(1), 1, 1.01, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                CanaryDatabaseClient.builder(current, next)
                    .rollbackWhen(Duration.ofMinutes(1), 1, Double.NaN, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    CanaryDatabaseClient.builder(current, next)
        .rollbackWhen(Duration.ofMinutes(1), 1, 0, Duration.ofSeconds(1));
    CanaryDatabaseClient.builder(current, next)
        .rollbackWhen(Duration.ofMinutes(1), 1, 1, Duration.ofSeconds(1));
    assertThatThrownBy(
            () ->
                CanaryDatabaseClient.builder(current, next)
                    .rollbackWhen(Duration.ofMinutes(1), 1, 0.1, Duration.ofSeconds(1))
                    .rollbackWhen(Duration.ofMinutes(1), 1, 0.1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                CanaryDatabaseClient.builder(current, next)
                    .stepInterval(Duration.ofMinutes(1))
                    .stepInterval(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                CanaryDatabaseClient.builder(current, next)
                    .routingKey(q -> "a")
                    .routingKey(q -> "b"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> CanaryDatabaseClient.builder(current, next).listener(e -> {}).listener(e -> {}))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> CanaryDatabaseClient.builder(current, next).clock(clock).clock(clock))
        .isInstanceOf(IllegalStateException.class);
  }
}
