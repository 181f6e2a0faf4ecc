package dev.runway.migrate.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Each threshold of the advisor's arithmetic at its exact edge: the side the documentation
 * promises.
 */
class AdvisorBoundariesTest {

  private final WorkloadAdvisor advisor = new WorkloadAdvisor(WorkloadAdvisor.Prices.defaults());
  private static final WorkloadAdvisor.Workload QUIET =
      new WorkloadAdvisor.Workload(1_000, 1L << 20, 1, 10, 1, 1, 0);

  @Test
  void workloadFigures_atZero_andTheSmallestBaseCapacity_areAccepted() {
    assertThat(new WorkloadAdvisor.Workload(0, 0, 0, 0, 1, 0, 0, 0, 0).queriesPerDay()).isZero();
    assertThat(QUIET.withDataGrowth(0, 0, 0).storedBytes()).isZero();
    assertThatThrownBy(() -> QUIET.withDataGrowth(-1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    var p = WorkloadAdvisor.Prices.defaults();
    assertThat(
            new WorkloadAdvisor.Prices(
                    p.athenaUsdPerTb(),
                    p.serverlessUsdPerRpuHour(),
                    1,
                    p.nodeUsdPerHour(),
                    p.clusters(),
                    p.storageUsdPerGbMonth())
                .serverlessBaseRpu())
        .isEqualTo(1);
    assertThatThrownBy(
            () ->
                new WorkloadAdvisor.Prices(
                    p.athenaUsdPerTb(),
                    p.serverlessUsdPerRpuHour(),
                    0,
                    p.nodeUsdPerHour(),
                    p.clusters(),
                    p.storageUsdPerGbMonth()))
        .hasMessageContaining(">= 1 RPU");
  }

  @Test
  void triggers_atTheirExactThresholds() {
    assertThat(advisor.advise(QUIET.withConcurrentDashboardUsers(10)).triggers())
        .singleElement()
        .asString()
        .contains("only 10 concurrent dashboard users");
    assertThat(advisor.advise(QUIET.withConcurrentDashboardUsers(11)).triggers()).isEmpty();
    assertThat(advisor.advise(QUIET.withConcurrentDashboardUsers(1)).triggers()).hasSize(1);
    var latency1 = new WorkloadAdvisor.Workload(1_000, 1L << 20, 1, 10, 1, 1, 1.0);
    assertThat(advisor.advise(latency1).triggers())
        .singleElement()
        .asString()
        .contains("below 2 s");
    var latency2 = new WorkloadAdvisor.Workload(1_000, 1L << 20, 1, 10, 1, 1, 2.0);
    assertThat(advisor.advise(latency2).triggers()).isEmpty();
    var p95at5 = new WorkloadAdvisor.Workload(1_000, 1L << 20, 1, 10, 1, 5.0, 0);
    assertThat(advisor.advise(p95at5).triggers()).isEmpty();
    // exactly a day of base-capacity time fits; a second more does not
    var day = new WorkloadAdvisor.Workload(86_400, 1L << 20, 1, 1, 1, 1, 0);
    assertThat(advisor.advise(day).triggers()).noneMatch(t -> t.contains("h a day"));
    assertThat(advisor.advise(day.withQueriesPerDay(86_401)).triggers())
        .anyMatch(t -> t.contains("h a day"));
    // Athena at exactly $500.00 a month (1 TiB a day at $16.6667/TB rounds to 500.00) is not "over
    // $500"
    var p = WorkloadAdvisor.Prices.defaults();
    WorkloadAdvisor pricey =
        new WorkloadAdvisor(
            new WorkloadAdvisor.Prices(
                new BigDecimal("16.6667"),
                p.serverlessUsdPerRpuHour(),
                8,
                p.nodeUsdPerHour(),
                p.clusters(),
                p.storageUsdPerGbMonth()));
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
    WorkloadAdvisor big =
        new WorkloadAdvisor(
            WorkloadAdvisor.Prices.defaults()
                .withClusters(java.util.List.of(new WorkloadAdvisor.Cluster("ra3.16xlarge", 4))));
    var tiny = new WorkloadAdvisor.Workload(1, 10, 1, 1, 1, 1, 0);
    assertThat(big.advise(tiny).breakEvenQueriesPerDay().get("redshift-4x-ra3.16xlarge"))
        .isEqualTo(-1L);
  }
}
