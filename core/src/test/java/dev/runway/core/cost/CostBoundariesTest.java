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

  private final WorkloadAdvisor advisor = new WorkloadAdvisor(WorkloadAdvisor.Prices.defaults());
  private static final WorkloadAdvisor.Workload QUIET = new WorkloadAdvisor.Workload(1_000, 1L << 20, 1, 10, 1, 1, 0);

  @Test
  void budget_exactlySpent_alerts_andAZeroBudgetIsAllowed() {
    List<CostTracker.BudgetAlert> alerts = new ArrayList<>();
    CostTracker t = CostTracker.withDailyBudget(new BigDecimal("0.10"), alerts::add,
        new TestClock(Instant.parse("2026-03-01T10:00:00Z")));
    t.onSuccess(Query.of("SELECT 1"), QueryStats.builder("athena").estimatedCostUsd(new BigDecimal("0.10")).build());
    assertThat(alerts).as("spent == budget is 'exceeded'").hasSize(1);
    assertThat(t.toString()).contains("0.10");
    assertThat(CostTracker.withDailyBudget(BigDecimal.ZERO, a -> { }, new TestClock(Instant.EPOCH))).isNotNull();
    assertThatThrownBy(() -> CostTracker.withDailyBudget(new BigDecimal("-0.01"), a -> { }, new TestClock(Instant.EPOCH)))
        .hasMessageContaining(">= 0");
  }

  @Test
  void aNewDay_startsFromZero_whenOnlyQueriesArrive() {
    TestClock clock = new TestClock(Instant.parse("2026-03-01T23:30:00Z"));
    List<CostTracker.BudgetAlert> alerts = new ArrayList<>();
    CostTracker t = CostTracker.withDailyBudget(new BigDecimal("1.00"), alerts::add, clock);
    QueryStats scan = QueryStats.builder("athena").estimatedCostUsd(new BigDecimal("0.60")).bytesScanned(3L << 20).build();
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

  @Test
  void workloadFigures_atZero_andTheSmallestBaseCapacity_areAccepted() {
    assertThat(new WorkloadAdvisor.Workload(0, 0, 0, 0, 1, 0, 0, 0, 0).queriesPerDay()).isZero();
    assertThat(QUIET.withDataGrowth(0, 0, 0).storedBytes()).isZero();
    assertThatThrownBy(() -> QUIET.withDataGrowth(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    var p = WorkloadAdvisor.Prices.defaults();
    assertThat(new WorkloadAdvisor.Prices(p.athenaUsdPerTb(), p.serverlessUsdPerRpuHour(), 1, p.nodeUsdPerHour(),
        p.clusters(), p.storageUsdPerGbMonth()).serverlessBaseRpu()).isEqualTo(1);
    assertThatThrownBy(() -> new WorkloadAdvisor.Prices(p.athenaUsdPerTb(), p.serverlessUsdPerRpuHour(), 0,
        p.nodeUsdPerHour(), p.clusters(), p.storageUsdPerGbMonth())).hasMessageContaining(">= 1 RPU");
  }

  @Test
  void triggers_atTheirExactThresholds() {
    assertThat(advisor.advise(QUIET.withConcurrentDashboardUsers(10)).triggers()).singleElement().asString()
        .contains("only 10 concurrent dashboard users");
    assertThat(advisor.advise(QUIET.withConcurrentDashboardUsers(11)).triggers()).isEmpty();
    assertThat(advisor.advise(QUIET.withConcurrentDashboardUsers(1)).triggers()).hasSize(1);
    var latency1 = new WorkloadAdvisor.Workload(1_000, 1L << 20, 1, 10, 1, 1, 1.0);
    assertThat(advisor.advise(latency1).triggers()).singleElement().asString().contains("below 2 s");
    var latency2 = new WorkloadAdvisor.Workload(1_000, 1L << 20, 1, 10, 1, 1, 2.0);
    assertThat(advisor.advise(latency2).triggers()).isEmpty();
    var p95at5 = new WorkloadAdvisor.Workload(1_000, 1L << 20, 1, 10, 1, 5.0, 0);
    assertThat(advisor.advise(p95at5).triggers()).isEmpty();
    // exactly a day of base-capacity time fits; a second more does not
    var day = new WorkloadAdvisor.Workload(86_400, 1L << 20, 1, 1, 1, 1, 0);
    assertThat(advisor.advise(day).triggers()).noneMatch(t -> t.contains("h a day"));
    assertThat(advisor.advise(day.withQueriesPerDay(86_401)).triggers()).anyMatch(t -> t.contains("h a day"));
    // Athena at exactly $500.00 a month (1 TiB a day at $16.6667/TB rounds to 500.00) is not "over $500"
    var p = WorkloadAdvisor.Prices.defaults();
    WorkloadAdvisor pricey = new WorkloadAdvisor(new WorkloadAdvisor.Prices(new BigDecimal("16.6667"),
        p.serverlessUsdPerRpuHour(), 8, p.nodeUsdPerHour(), p.clusters(), p.storageUsdPerGbMonth()));
    var tib = new WorkloadAdvisor.Workload(1, 1L << 40, 1, 1, 1, 1, 0);
    assertThat(pricey.advise(tib).monthlyUsd().get("athena")).isEqualByComparingTo("500.00");
    assertThat(pricey.advise(tib).triggers()).noneMatch(t -> t.contains("over $500"));
  }

  @Test
  void breakEven_isTheFirstVolumeWhereAthenaCostsMore() {
    var w = new WorkloadAdvisor.Workload(1_000, 1L << 30, 2, 50, 1, 6, 1.5);
    long q = advisor.advise(w).breakEvenQueriesPerDay().get("redshift-1x-ra3.xlplus");
    var m = advisor.monthly(w.withQueriesPerDay(q));
    var before = advisor.monthly(w.withQueriesPerDay(q - 1));
    assertThat(m.get("athena")).isGreaterThan(m.get("redshift-1x-ra3.xlplus"));
    assertThat(before.get("athena")).isLessThanOrEqualTo(before.get("redshift-1x-ra3.xlplus"));
    // a cluster Athena never catches up with below 10 million queries a day: 4 x ra3.16xlarge is
    // $38,076.80 a month; 10M tiny queries (billed 10 MB each) are $14,305.11
    WorkloadAdvisor big = new WorkloadAdvisor(WorkloadAdvisor.Prices.defaults()
        .withClusters(java.util.List.of(new WorkloadAdvisor.Cluster("ra3.16xlarge", 4))));
    var tiny = new WorkloadAdvisor.Workload(1, 10, 1, 1, 1, 1, 0);
    assertThat(big.advise(tiny).breakEvenQueriesPerDay().get("redshift-4x-ra3.16xlarge")).isEqualTo(-1L);
  }
}
