package dev.runway.migrate.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Hand-computed cases; each expected figure is worked out in the comment above it. */
class WorkloadAdvisorTest {

  /** Money is compared to a billionth of a dollar: divisions by 3,600 do not terminate. */
  private static final org.assertj.core.data.Offset<BigDecimal> CENT_FRACTION =
      within(new BigDecimal("1e-9"));

  private final WorkloadAdvisor advisor = new WorkloadAdvisor(WorkloadAdvisor.Prices.defaults());

  @Test
  void athena_billsBytesScannedWithTenMegabyteMinimum() {
    // 1,000 q/day x 30 days x 1 GiB = 30,000 GiB = 29.296875 TiB x $5 = $146.484375
    var gib = new WorkloadAdvisor.Workload(1_000, 1L << 30, 2, 50, 1, 3, 0);
    assertThat(advisor.athenaMonthly(gib)).isEqualByComparingTo("146.484375");
    // 10 KB queries are billed as 10 MB: 30,000 x 10 MiB = 300,000 MiB = 0.286102294921875 TiB x $5
    var tiny = new WorkloadAdvisor.Workload(1_000, 10_240, 2, 50, 1, 3, 0);
    assertThat(advisor.athenaMonthly(tiny)).isEqualByComparingTo("1.430511474609375");
    // 10.5 MB rounds up to 11 MB
    var odd = new WorkloadAdvisor.Workload(1, (21L << 20) / 2, 1, 1, 1, 1, 0);
    assertThat(advisor.athenaMonthly(odd))
        .isCloseTo(
            new BigDecimal(30L * (11L << 20))
                .divide(new BigDecimal(1L << 40))
                .multiply(new BigDecimal(5)),
            CENT_FRACTION);
  }

  @Test
  void serverless_billsRpuHoursWithSixtySecondMinimumPerActivePeriod() {
    // 100 q/day of 0.5 s = 50 s busy, but 100 periods x 60 s = 6,000 s = 1.6667 h x 8 RPU x $0.375
    // = $5/day
    var sparse = new WorkloadAdvisor.Workload(100, 1L << 30, 0.5, 100, 1, 1, 0);
    assertThat(advisor.serverlessMonthly(sparse)).isCloseTo(new BigDecimal("150"), CENT_FRACTION);
    // 10,000 q/day of 3 s at concurrency 4 = 7,500 s busy (> 10 x 60 s) = 2.0833 h x 8 x 0.375 =
    // $6.25/day
    var busy = new WorkloadAdvisor.Workload(10_000, 1L << 30, 3, 10, 4, 1, 0);
    assertThat(advisor.serverlessMonthly(busy)).isCloseTo(new BigDecimal("187.5"), CENT_FRACTION);
  }

  @Test
  void provisioned_billsNodeHoursAllMonth_fromTheNodeTable_plusManagedStorage() {
    var w = new WorkloadAdvisor.Workload(1_000, 1L << 30, 2, 50, 1, 3, 0);
    // 2 nodes x $1.086 x 730 h = $1,585.56
    assertThat(advisor.provisionedMonthly(new WorkloadAdvisor.Cluster("ra3.xlplus", 2), w))
        .isEqualByComparingTo("1585.56");
    // 1 x ra3.4xlarge: $3.26 x 730 = $2,379.80
    assertThat(advisor.provisionedMonthly(new WorkloadAdvisor.Cluster("ra3.4xlarge", 1), w))
        .isEqualByComparingTo("2379.80");
    // 500 GiB held in managed storage at $0.024 per GB-month adds $12 to every Redshift option
    var stored = w.withStoredBytes(500L << 30);
    assertThat(advisor.provisionedMonthly(new WorkloadAdvisor.Cluster("ra3.xlplus", 1), stored))
        .isEqualByComparingTo("804.78");
    assertThat(
            advisor
                .monthly(stored)
                .get(WorkloadAdvisor.SERVERLESS)
                .subtract(advisor.monthly(w).get(WorkloadAdvisor.SERVERLESS)))
        .isCloseTo(new BigDecimal("12"), CENT_FRACTION);
    assertThat(advisor.monthly(stored).get(WorkloadAdvisor.ATHENA))
        .isEqualByComparingTo(advisor.monthly(w).get(WorkloadAdvisor.ATHENA));
    // a cluster of a node type the table lacks is refused up front, naming the known types
    assertThatThrownBy(
            () ->
                WorkloadAdvisor.Prices.defaults()
                    .withClusters(java.util.List.of(new WorkloadAdvisor.Cluster("ra9.huge", 2))))
        .hasMessageContaining("ra9.huge")
        .hasMessageContaining("ra3.xlplus");
    assertThatThrownBy(() -> new WorkloadAdvisor.Cluster("ra3.xlplus", 0))
        .hasMessageContaining("at least one node");
  }

  @Test
  void advise_namesCheapestBreakEvenAndTriggers() {
    // Athena $146.48, Serverless: 1,000 x 2 s = 2,000 s vs 50 x 60 = 3,000 s -> 3,000 s = $2.50/day
    // = $75
    var w = new WorkloadAdvisor.Workload(1_000, 1L << 30, 2, 50, 1, 6, 1.5);
    WorkloadAdvisor.Advice a = advisor.advise(w);
    assertThat(a.monthlyUsd())
        .containsEntry("athena", new BigDecimal("146.48"))
        .containsEntry("redshift-serverless", new BigDecimal("75.00"))
        .containsEntry("redshift-1x-ra3.xlplus", new BigDecimal("792.78"))
        .containsEntry("redshift-2x-ra3.xlplus", new BigDecimal("1585.56"))
        .containsEntry("redshift-4x-ra3.xlplus", new BigDecimal("3171.12"));
    assertThat(a.monthlyUsd().keySet())
        .containsExactly(
            "athena",
            "redshift-serverless",
            "redshift-1x-ra3.xlplus",
            "redshift-2x-ra3.xlplus",
            "redshift-4x-ra3.xlplus");
    assertThat(a.cheapest()).isEqualTo("redshift-serverless");
    assertThat(a.current()).isEqualTo("athena");
    assertThat(a.monthlySavingUsd()).isEqualByComparingTo("71.48");
    // on the cheapest option already, nothing to save
    assertThat(advisor.advise(w, "redshift-serverless").monthlySavingUsd())
        .isEqualByComparingTo("0");
    assertThatThrownBy(() -> advisor.advise(w, "bigquery"))
        .hasMessageContaining("redshift-serverless");
    // Athena: q x 30 x 1/1024 TiB x 5 = 0.146484375 q; Serverless: 3,000 s fixed until q x 2 >
    // 3,000,
    // i.e. $75 flat below 1,500 q; 0.146484375 q > 75 from q = 513 (512 gives exactly 75.0)
    assertThat(a.breakEvenQueriesPerDay()).containsEntry("redshift-serverless", 513L);
    // against a cluster: 0.146484375 q > 792.78 from q = 5,413 (5,412 gives 792.77); 2 nodes 10,825
    assertThat(a.breakEvenQueriesPerDay())
        .containsEntry("redshift-1x-ra3.xlplus", 5_413L)
        .containsEntry("redshift-2x-ra3.xlplus", 10_825L);
    assertThat(a.triggers())
        .hasSize(2)
        .anyMatch(t -> t.contains("below 2 s"))
        .anyMatch(t -> t.contains("over 5 s"));
    var heavy = new WorkloadAdvisor.Workload(5_000, 1L << 30, 2, 50, 1, 1, 0);
    assertThat(advisor.advise(heavy).triggers()).anyMatch(t -> t.contains("over $500"));
  }

  @Test
  void triggers_takeTheSeedsOtherInputs_dashboardUsersAndSubSecondAnswers() {
    var w = new WorkloadAdvisor.Workload(1_000, 1L << 20, 1, 10, 1, 1, 0);
    assertThat(advisor.advise(w).triggers()).isEmpty();
    assertThat(advisor.advise(w.withConcurrentDashboardUsers(101)).triggers())
        .singleElement()
        .asString()
        .contains("more than 100 concurrent dashboard users (101)");
    assertThat(advisor.advise(w.withConcurrentDashboardUsers(100)).triggers()).isEmpty();
    assertThat(advisor.advise(w.withConcurrentDashboardUsers(8)).triggers())
        .singleElement()
        .asString()
        .contains("more than 10");
    var realTime = new WorkloadAdvisor.Workload(1_000, 1L << 20, 1, 10, 1, 1, 0.8);
    assertThat(advisor.advise(realTime).triggers())
        .singleElement()
        .asString()
        .contains("below 1 s");
  }

  @Test
  void workload_badFigures_areRefused() {
    assertThatThrownBy(() -> new WorkloadAdvisor.Workload(-1, 0, 0, 0, 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WorkloadAdvisor.Workload(1, 0, 0, 0, 0, 0, 0))
        .hasMessageContaining("concurrency");
    assertThatThrownBy(() -> new WorkloadAdvisor.Workload(1, 0, 0, 0, 1, 0, 0, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void serverless_neverBillsMoreThanADayOfBaseCapacity_andSaysTheWorkloadDoesNotFit() {
    // 1,000,000 q/day x 0.5 s = 500,000 s busy, but a day has 86,400 s:
    // 24 h x 8 RPU x $0.375 x 30 = $2,160 a month, and a trigger that the base capacity is too
    // small
    var heavy = new WorkloadAdvisor.Workload(1_000_000, 1L << 20, 0.5, 1, 1, 1, 0);
    assertThat(advisor.serverlessMonthly(heavy)).isEqualByComparingTo("2160");
    assertThat(advisor.advise(heavy).triggers()).anyMatch(t -> t.contains("139 h a day"));
    var fits = new WorkloadAdvisor.Workload(100_000, 1L << 20, 0.5, 1, 1, 1, 0);
    assertThat(advisor.advise(fits).triggers()).noneMatch(t -> t.contains("h a day"));
  }
}
