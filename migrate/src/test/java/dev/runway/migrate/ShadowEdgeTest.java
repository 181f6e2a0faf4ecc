package dev.runway.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The shadow's bookkeeping: the hourly budget on a moved clock, a mismatch that goes away when
 * re-run and one that stays, what is counted as a candidate error or a dialect failure, the timeout
 * the candidate gets, and the report's figures.
 */
class ShadowEdgeTest {

  private final FakeClient primary = new FakeClient("primary");
  private final FakeClient candidate = new FakeClient("candidate");
  private final CanaryEdgeTest.MovingClock clock = new CanaryEdgeTest.MovingClock();

  private static QueryResult costing(String value, String usd, long bytes) {
    QueryResult r = FakeClient.result(value);
    return r.withStats(
        QueryStats.builder("fake")
            .rows(1)
            .estimatedCostUsd(new BigDecimal(usd))
            .bytesScanned(bytes)
            .build());
  }

  private ShadowDatabaseClient.Builder builder() {
    candidate.answer = q -> costing("primary", "0.40", 100);
    primary.answer = q -> costing("primary", "0.01", 7);
    return ShadowDatabaseClient.builder(primary, candidate)
        .clock(clock)
        .recheckDelay(Duration.ZERO);
  }

  private static ShadowReport.QueryReport only(ShadowDatabaseClient s) throws InterruptedException {
    assertThat(s.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(s.report().queries()).hasSize(1);
    return s.report().queries().get(0);
  }

  @Test
  void hourlyBudget_stopsShadowingWhenSpent_andStartsAgainNextHour() throws Exception {
    ShadowDatabaseClient s =
        builder().hourlyBudgetUsd(new BigDecimal("0.80")).executor(1, 100).build();
    for (int i = 0; i < 4; i++) {
      s.execute(Query.of("SELECT 1"));
      assertThat(s.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }
    // 0.40 + 0.40 reaches 0.80 exactly: spent; the next two are skipped
    assertThat(candidate.count("execute")).isEqualTo(2);
    assertThat(s.report().skipped()).isEqualTo(2);
    ShadowReport.QueryReport q = only(s);
    assertThat(q.candidateCostUsd()).isEqualByComparingTo("0.80");
    assertThat(q.primaryCostUsd()).isEqualByComparingTo("0.02");
    assertThat(q.candidateBytesScanned()).isEqualTo(200);
    assertThat(q.primaryBytesScanned()).isEqualTo(14);
    clock.plus(Duration.ofHours(1));
    s.execute(Query.of("SELECT 1"));
    assertThat(s.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(candidate.count("execute")).isEqualTo(3);
    s.close();
    assertThat(primary.calls).contains("close");
    assertThat(candidate.calls).contains("close");
  }

  @Test
  void hourlyBudget_sharedByTwoInstances_isSpentOnce() throws Exception {
    dev.runway.core.coordination.InMemoryCoordination store =
        dev.runway.core.coordination.InMemoryCoordination.builder().clock(clock).build();
    ShadowDatabaseClient a =
        builder()
            .hourlyBudgetUsd(new BigDecimal("0.80"))
            .executor(1, 100)
            .coordination(store, "rs-to-athena")
            .build();
    ShadowDatabaseClient b =
        ShadowDatabaseClient.builder(primary, candidate)
            .clock(clock)
            .recheckDelay(Duration.ZERO)
            .hourlyBudgetUsd(new BigDecimal("0.80"))
            .executor(1, 100)
            .coordination(store, "rs-to-athena")
            .build();
    for (ShadowDatabaseClient s : List.of(a, b, a, b)) {
      s.execute(Query.of("SELECT 1"));
      assertThat(s.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }
    // one budget of 0.80 for both: two candidate runs in all, not two each
    assertThat(candidate.count("execute")).isEqualTo(2);
    assertThat(a.report().skipped() + b.report().skipped()).isEqualTo(2);
    a.close();
    b.close();
  }

  @Test
  void zeroBudget_shadowsNothing() throws Exception {
    ShadowDatabaseClient s = builder().hourlyBudgetUsd(BigDecimal.ZERO).build();
    s.execute(Query.of("SELECT 1"));
    assertThat(s.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(candidate.count("execute")).isZero();
    assertThat(s.report().skipped()).isEqualTo(1);
    assertThatThrownBy(
            () ->
                ShadowDatabaseClient.builder(primary, candidate)
                    .hourlyBudgetUsd(new BigDecimal("-1")))
        .hasMessage("hourly budget must be >= 0, got -1");
  }

  @Test
  void aMismatchThatGoesAway_isTransient_oneThatStays_isPersistent() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ShadowDatabaseClient s = builder().executor(1, 10).build();
    candidate.answer =
        q ->
            calls.incrementAndGet() == 1
                ? FakeClient.result("stale")
                : FakeClient.result("primary");
    s.execute(Query.of("SELECT 1"));
    ShadowReport.QueryReport q = only(s);
    assertThat(q.runs()).isEqualTo(1);
    assertThat(q.matches()).isEqualTo(1);
    assertThat(q.transientMismatches()).isEqualTo(1);
    assertThat(q.persistentMismatches()).isZero();
    assertThat(q.lastMismatch()).isEmpty();
    assertThat(primary.count("execute")).as("the primary re-ran it").isEqualTo(2);
    candidate.answer = q2 -> FakeClient.result("other");
    s.execute(Query.of("SELECT 1"));
    q = only(s);
    assertThat(q.runs()).isEqualTo(2);
    assertThat(q.persistentMismatches()).isEqualTo(1);
    assertThat(q.lastMismatch()).hasSize(2); // the row it lacks and the row it has instead
    assertThat(q.accuracy()).isEqualTo(0.5);
    assertThat(s.report().allMatch()).isFalse();
    assertThat(s.report().toMarkdown())
        .contains("**Some queries did not match.**")
        .contains("## Mismatch: `SELECT 1`")
        .contains("primary `row [primary]`");
  }

  @Test
  void lastMismatch_keepsFiveDifferences() throws Exception {
    ShadowDatabaseClient s = builder().build();
    candidate.answer =
        q -> {
          List<dev.runway.core.query.Row> rows = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            rows.add(new dev.runway.core.query.Row(FakeClient.INDEX, new Object[] {"c" + i}));
          }
          return new QueryResult(FakeClient.INDEX, rows, QueryStats.builder("fake").build());
        };
    s.execute(Query.of("SELECT 1"));
    ShadowReport.QueryReport q = only(s);
    assertThat(q.persistentMismatches()).isEqualTo(1);
    assertThat(q.lastMismatch()).hasSize(5);
  }

  @Test
  void candidateFailure_isAnErrorOrADialectFailure() throws Exception {
    candidate.failure = new IllegalStateException("no such function NVL");
    ShadowDatabaseClient plain = builder().build();
    candidate.failure = new IllegalStateException("no such function NVL");
    plain.execute(Query.of("SELECT NVL(a, 0) FROM t"));
    ShadowReport.QueryReport q = only(plain);
    assertThat(q.candidateErrors()).isEqualTo(1);
    assertThat(q.dialectFailures()).isZero();
    assertThat(q.runs()).isZero();
    assertThat(q.accuracy()).isEqualTo(1.0);

    ShadowDatabaseClient checked =
        ShadowDatabaseClient.builder(primary, candidate)
            .dialectCheck(sql -> sql.contains("NVL") ? List.of("nvl: use coalesce") : List.of())
            .build();
    checked.execute(Query.of("SELECT NVL(a, 0) FROM t"));
    checked.execute(Query.of("SELECT a FROM t"));
    assertThat(checked.awaitIdle(Duration.ofSeconds(10))).isTrue();
    ShadowReport r = checked.report();
    ShadowReport.QueryReport nvl =
        r.queries().stream().filter(x -> x.sql().contains("NVL")).findFirst().orElseThrow();
    ShadowReport.QueryReport plainQ =
        r.queries().stream().filter(x -> !x.sql().contains("NVL")).findFirst().orElseThrow();
    assertThat(nvl.dialectFailures()).isEqualTo(1);
    assertThat(nvl.candidateErrors()).isZero();
    assertThat(nvl.dialectFindings()).containsExactly("nvl: use coalesce");
    assertThat(plainQ.candidateErrors()).isEqualTo(1);
    assertThat(plainQ.dialectFailures()).isZero();
    assertThat(r.toMarkdown())
        .contains("## Dialect: `SELECT NVL(a, 0) FROM t`")
        .contains("- dialect: nvl: use coalesce");
    // a check that itself fails explains nothing
    ShadowDatabaseClient broken =
        ShadowDatabaseClient.builder(primary, candidate)
            .dialectCheck(
                sql -> {
                  throw new IllegalStateException("parser bug");
                })
            .build();
    broken.execute(Query.of("SELECT NVL(a, 0) FROM t"));
    assertThat(only(broken).candidateErrors()).isEqualTo(1);
  }

  @Test
  void candidate_getsItsTimeout_unlessTheQueryHasAShorterOne() throws Exception {
    List<Duration> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Boolean> cacheable = new java.util.concurrent.CopyOnWriteArrayList<>();
    candidate.answer =
        q -> {
          seen.add(q.timeout().orElse(null));
          cacheable.add(q.cacheable());
          return FakeClient.result("primary");
        };
    ShadowDatabaseClient s =
        ShadowDatabaseClient.builder(primary, candidate)
            .candidateTimeout(Duration.ofSeconds(30))
            .build();
    s.execute(Query.of("SELECT 1"));
    s.execute(Query.builder("SELECT 2").timeout(Duration.ofSeconds(30)).build());
    s.execute(Query.builder("SELECT 3").timeout(Duration.ofSeconds(10)).build());
    s.execute(Query.builder("SELECT 4").timeout(Duration.ofMinutes(5)).build());
    assertThat(s.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(seen)
        .containsExactlyInAnyOrder(
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30));
    assertThat(cacheable).containsExactlyInAnyOrder(false, true, true, false);
  }

  @Test
  void sampling_optOut_andSettings() throws Exception {
    candidate.answer = q -> FakeClient.result("primary");
    ShadowDatabaseClient none =
        ShadowDatabaseClient.builder(primary, candidate).sampleRate(0).build();
    none.execute(Query.of("SELECT 1"));
    assertThat(none.report().skipped()).isEqualTo(1);
    ShadowDatabaseClient out =
        ShadowDatabaseClient.builder(primary, candidate)
            .optOut(q -> q.sql().contains("secret"))
            .build();
    out.execute(Query.of("SELECT secret FROM t"));
    out.execute(Query.of("SELECT 1"));
    assertThat(out.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(out.report().skipped()).isEqualTo(1);
    assertThat(candidate.calls).containsExactly("execute SELECT 1");
    assertThatThrownBy(() -> ShadowDatabaseClient.builder(primary, candidate).sampleRate(1.01))
        .hasMessage("sampleRate must be between 0 and 1, got 1.01");
    assertThatThrownBy(() -> ShadowDatabaseClient.builder(primary, candidate).sampleRate(-0.01))
        .isInstanceOf(IllegalArgumentException.class);
    ShadowDatabaseClient.builder(primary, candidate).sampleRate(1).build().close();
    assertThatThrownBy(() -> ShadowDatabaseClient.builder(primary, candidate).executor(0, 1))
        .hasMessage("threads and queueSize must be positive, got 0, 1");
    assertThatThrownBy(() -> ShadowDatabaseClient.builder(primary, candidate).executor(1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    ShadowDatabaseClient.builder(primary, candidate).executor(1, 1).build().close();
  }

  @Test
  void longSql_isAbbreviatedInTheReport_at100() throws Exception {
    String exactly100 = "SELECT '" + "x".repeat(91) + "'";
    assertThat(exactly100).hasSize(100);
    ShadowDatabaseClient s = builder().build();
    s.execute(Query.of(exactly100));
    assertThat(only(s).sql()).isEqualTo(exactly100);
    ShadowDatabaseClient t = builder().build();
    t.execute(Query.of(exactly100 + " AS y"));
    assertThat(only(t).sql()).isEqualTo(exactly100.substring(0, 97) + "...");
  }

  @Test
  void report_accuracyAndAllMatch() {
    ShadowReport.QueryReport none =
        new ShadowReport.QueryReport(
            "f",
            "s",
            0,
            0,
            0,
            0,
            0,
            0,
            java.util.Map.of(),
            0,
            0,
            0,
            0,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            0,
            0,
            List.of(),
            List.of());
    assertThat(none.accuracy()).isEqualTo(1.0);
    ShadowReport.QueryReport three =
        new ShadowReport.QueryReport(
            "f",
            "s",
            4,
            3,
            1,
            1,
            0,
            0,
            java.util.Map.of(),
            0,
            0,
            0,
            0,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            0,
            0,
            List.of(),
            List.of());
    assertThat(three.accuracy()).isEqualTo(0.75);
    assertThat(new ShadowReport(List.of(none), 0).allMatch()).isTrue();
    assertThat(new ShadowReport(List.of(none, three), 0).allMatch()).isFalse();
    assertThat(new ShadowReport(List.of(none), 0).toMarkdown())
        .contains("All compared queries matched.")
        .doesNotContain("## ");
    assertThat(new ShadowReport(List.of(), 0).allMatch()).isTrue();
  }
}
