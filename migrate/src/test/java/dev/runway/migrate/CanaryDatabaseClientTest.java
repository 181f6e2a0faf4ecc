package dev.runway.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.TestClock;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.RowStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class CanaryDatabaseClientTest {

  /** Counts the queries it answers and starts failing after {@code failAfter} of them. */
  private static class Candidate implements DatabaseClient {
    final DatabaseClient real = JdbcDatabaseClient.embedded();
    final AtomicInteger calls = new AtomicInteger();
    final int failAfter;

    Candidate(int failAfter) {
      this.failAfter = failAfter;
    }

    @Override
    public String engine() {
      return "candidate";
    }

    @Override
    public QueryResult execute(Query query) {
      if (calls.incrementAndGet() > failAfter) {
        throw new IllegalStateException("candidate broke");
      }
      return real.execute(query);
    }

    @Override
    public RowStream stream(Query query) {
      return real.stream(query);
    }

    @Override
    public CompletableFuture<QueryResult> executeAsync(Query query) {
      return real.executeAsync(query);
    }

    @Override
    public boolean cancel(String queryId) {
      return false;
    }

    @Override
    public void close() {
      real.close();
    }
  }

  private static Query q(int i) {
    return Query.builder("SELECT " + (i % 10) + " AS v").cacheScope("user-" + i).build();
  }

  @Test
  void healthyCandidate_isSteppedTo100Percent() {
    TestClock clock = new TestClock();
    Candidate next = new Candidate(Integer.MAX_VALUE);
    try (CanaryDatabaseClient canary =
        CanaryDatabaseClient.builder(JdbcDatabaseClient.embedded(), next)
            .steps(List.of(5, 25, 50, 100))
            .stepInterval(Duration.ofMinutes(1))
            .rollbackWhen(Duration.ofMinutes(5), 3, 0.05, Duration.ofSeconds(10))
            .clock(clock)
            .build()) {
      for (int minute = 0; minute < 6; minute++) {
        for (int i = 0; i < 200; i++) {
          assertThat(canary.execute(q(minute * 1000 + i)).row(0).getInt("v")).isEqualTo(i % 10);
        }
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
      }
      assertThat(canary.percent()).isEqualTo(100);
      assertThat(canary.events())
          .extracting(CanaryDatabaseClient.Event::toPercent)
          .containsExactly(25, 50, 100);
      assertThat(next.calls.get()).isGreaterThan(200);
    }
  }

  @Test
  void candidateThatStartsFailing_isRolledBackWithinTheWindow_andCallersNeverSeeItsErrors() {
    TestClock clock = new TestClock();
    Candidate next = new Candidate(30);
    try (CanaryDatabaseClient canary =
        CanaryDatabaseClient.builder(JdbcDatabaseClient.embedded(), next)
            .steps(List.of(50, 100))
            .stepInterval(Duration.ofHours(1))
            .rollbackWhen(Duration.ofMinutes(1), 5, 0.2, Duration.ofSeconds(10))
            .clock(clock)
            .build()) {
      for (int i = 0; i < 500; i++) {
        assertThat(canary.execute(q(i)).row(0).getInt("v")).isEqualTo(i % 10);
        clock.advance(Duration.ofMillis(50));
      }
      assertThat(canary.percent()).isZero();
      CanaryDatabaseClient.Event rollback = canary.lastEvent().orElseThrow();
      assertThat(rollback.kind()).isEqualTo("ROLLBACK");
      assertThat(rollback.errorRate()).isGreaterThan(0.2);
      // rolled back within the window: only a handful of failures reached the candidate
      assertThat(next.calls.get()).isLessThan(30 + 15);
      int callsAtRollback = next.calls.get();
      canary.execute(q(9999));
      assertThat(next.calls.get())
          .as("nothing goes to the candidate after a rollback")
          .isEqualTo(callsAtRollback);
    }
  }

  @Test
  void slowCandidate_isRolledBackOnP99_withoutErrors() {
    TestClock clock = new TestClock();
    Candidate slow =
        new Candidate(Integer.MAX_VALUE) {
          @Override
          public QueryResult execute(Query query) {
            LockSupport.parkNanos(Duration.ofMillis(40).toNanos()); // every answer at least 40 ms
            return super.execute(query);
          }
        };
    try (CanaryDatabaseClient canary =
        CanaryDatabaseClient.builder(JdbcDatabaseClient.embedded(), slow)
            .steps(List.of(50, 100))
            .stepInterval(Duration.ofHours(1))
            .rollbackWhen(Duration.ofMinutes(1), 5, 0.5, Duration.ofMillis(20))
            .clock(clock)
            .build()) {
      for (int i = 0; i < 60 && canary.percent() > 0; i++) {
        assertThat(canary.execute(q(i)).row(0).getInt("v")).isEqualTo(i % 10);
        clock.advance(Duration.ofMillis(100));
      }
      assertThat(canary.percent()).isZero();
      CanaryDatabaseClient.Event rollback = canary.lastEvent().orElseThrow();
      assertThat(rollback.kind()).isEqualTo("ROLLBACK");
      assertThat(rollback.errorRate()).as("no errors: the latency alone").isZero();
      assertThat(rollback.p99Millis()).isGreaterThan(20);
    }
  }

  @Test
  void routing_isStickyPerKey_andManualRollbackWorks() {
    Candidate next = new Candidate(Integer.MAX_VALUE);
    try (CanaryDatabaseClient canary =
        CanaryDatabaseClient.builder(JdbcDatabaseClient.embedded(), next)
            .steps(List.of(50))
            .build()) {
      Query sameUser = Query.builder("SELECT 1").cacheScope("alice").build();
      canary.execute(sameUser);
      int first = next.calls.get();
      for (int i = 0; i < 20; i++) {
        canary.execute(sameUser);
      }
      assertThat(next.calls.get()).as("one user, one engine").isIn(first == 0 ? 0 : 21);
      canary.rollback();
      assertThat(canary.percent()).isZero();
      assertThat(canary.lastEvent().orElseThrow().kind()).isEqualTo("MANUAL");
    }
  }
}
