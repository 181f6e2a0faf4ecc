package dev.runway.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.Runway;
import dev.runway.core.TestClock;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryStats;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostTrackerTest {

  private static QueryStats stats(String engine, String usd, boolean cached) {
    return QueryStats.builder(engine)
        .estimatedCostUsd(new BigDecimal(usd))
        .bytesScanned(10L << 20)
        .fromCache(cached)
        .build();
  }

  @Test
  void onSuccess_aggregatesPerDayLabelScopeAndEngine_andAlertsOncePerDay() {
    TestClock clock = new TestClock(Instant.parse("2026-03-01T23:00:00Z"));
    List<CostTracker.BudgetAlert> alerts = new ArrayList<>();
    CostTracker t = CostTracker.withDailyBudget(new BigDecimal("0.10"), alerts::add, clock);
    Query wm = Query.builder("SELECT 1").label("wm.stock").cacheScope("Warehouse Manager").build();
    Query fe = Query.builder("SELECT 2").label("fe.parts").cacheScope("Field Engineer").build();
    t.onSuccess(wm, stats("athena", "0.06", false));
    t.onSuccess(fe, stats("redshift", "0.03", false));
    t.onSuccess(wm, stats("athena", "0", true));
    assertThat(alerts).isEmpty();
    t.onSuccess(fe, stats("athena", "0.02", false));
    t.onSuccess(fe, stats("athena", "0.05", false));
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).spentUsd()).isEqualByComparingTo("0.11");
    CostTracker.DailyCost day = t.today();
    assertThat(day.date()).isEqualTo(LocalDate.of(2026, 3, 1));
    assertThat(day.totalUsd()).isEqualByComparingTo("0.16");
    assertThat(day.queries()).isEqualTo(5);
    assertThat(day.cacheHits()).isEqualTo(1);
    assertThat(day.byLabel().get("fe.parts")).isEqualByComparingTo("0.10");
    assertThat(day.byScope().get("Warehouse Manager")).isEqualByComparingTo("0.06");
    assertThat(day.byEngine().get("redshift")).isEqualByComparingTo("0.03");

    clock.advance(Duration.ofHours(2)); // the next UTC day
    assertThat(t.today().queries()).isZero();
    t.onSuccess(wm, stats("athena", "0.20", false));
    assertThat(alerts).as("a new day, a new alert").hasSize(2);
  }

  @Test
  void runwayBuilder_listener_seesEveryQueryIncludingCacheHits() {
    CostTracker t = CostTracker.create();
    try (Runway rw = Runway.builder().database(JdbcDatabaseClient.embedded()).listener(t).build()) {
      rw.database().execute(Query.builder("SELECT 42").label("answer").build());
      rw.database().execute(Query.builder("SELECT 42").label("answer").build());
    }
    assertThat(t.today().queries()).isEqualTo(2);
    assertThat(t.today().cacheHits()).isEqualTo(1);
    assertThat(t.today().byEngine()).containsKey("duckdb");
  }
}
