package dev.runway.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.TestClock;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryStats;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each threshold of the cost arithmetic at its exact edge: the side the documentation promises. */
class CostBoundariesTest {

  @Test
  void budget_exactlySpent_alerts_andAZeroBudgetIsAllowed() {
    List<CostTracker.BudgetAlert> alerts = new ArrayList<>();
    CostTracker t =
        CostTracker.withDailyBudget(
            new BigDecimal("0.10"),
            alerts::add,
            new TestClock(Instant.parse("2026-03-01T10:00:00Z")));
    t.onSuccess(
        Query.of("SELECT 1"),
        QueryStats.builder("athena").estimatedCostUsd(new BigDecimal("0.10")).build());
    assertThat(alerts).as("spent == budget is 'exceeded'").hasSize(1);
    assertThat(t.toString()).contains("0.10");
    assertThat(CostTracker.withDailyBudget(BigDecimal.ZERO, a -> {}, new TestClock(Instant.EPOCH)))
        .isNotNull();
    assertThatThrownBy(
            () ->
                CostTracker.withDailyBudget(
                    new BigDecimal("-0.01"), a -> {}, new TestClock(Instant.EPOCH)))
        .hasMessageContaining(">= 0");
  }

  @Test
  void aNewDay_startsFromZero_whenOnlyQueriesArrive() {
    TestClock clock = new TestClock(Instant.parse("2026-03-01T23:30:00Z"));
    List<CostTracker.BudgetAlert> alerts = new ArrayList<>();
    CostTracker t = CostTracker.withDailyBudget(new BigDecimal("1.00"), alerts::add, clock);
    QueryStats scan =
        QueryStats.builder("athena")
            .estimatedCostUsd(new BigDecimal("0.60"))
            .bytesScanned(3L << 20)
            .build();
    t.onSuccess(Query.of("SELECT 1"), scan);
    t.onSuccess(Query.of("SELECT 1"), scan);
    assertThat(alerts).hasSize(1);
    clock.advance(Duration.ofHours(1)); // the next UTC day; nothing reads the tracker in between
    t.onSuccess(Query.of("SELECT 1"), scan);
    CostTracker.DailyCost day = t.today();
    assertThat(day.totalUsd()).isEqualByComparingTo("0.60");
    assertThat(day.queries()).isEqualTo(1);
    assertThat(day.bytesScanned()).isEqualTo(3L << 20);
    t.onSuccess(Query.of("SELECT 1"), scan);
    assertThat(alerts).as("the new day's budget alerts again").hasSize(2);
    assertThat(t.today().bytesScanned()).isEqualTo(6L << 20);
  }
}
