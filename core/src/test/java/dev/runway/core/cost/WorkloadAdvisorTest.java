package dev.runway.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Hand-computed cases; each expected figure is worked out in the comment above it. */
class WorkloadAdvisorTest {

  /** Money is compared to a billionth of a dollar: divisions by 3,600 do not terminate. */
  private static final org.assertj.core.data.Offset<BigDecimal> CENT_FRACTION = within(new BigDecimal("1e-9"));

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
    assertThat(advisor.athenaMonthly(odd)).isCloseTo(
        new BigDecimal(30L * (11L << 20)).divide(new BigDecimal(1L << 40)).multiply(new BigDecimal(5)), CENT_FRACTION);
  }

  @Test
  void serverless_billsRpuHoursWithSixtySecondMinimumPerActivePeriod() {
    // 100 q/day of 0.5 s = 50 s busy, but 100 periods x 60 s = 6,000 s = 1.6667 h x 8 RPU x $0.375 = $5/day
    var sparse = new WorkloadAdvisor.Workload(100, 1L << 30, 0.5, 100, 1, 1, 0);
    assertThat(advisor.serverlessMonthly(sparse)).isCloseTo(new BigDecimal("150"), CENT_FRACTION);
    // 10,000 q/day of 3 s at concurrency 4 = 7,500 s busy (> 10 x 60 s) = 2.0833 h x 8 x 0.375 = $6.25/day
    var busy = new WorkloadAdvisor.Workload(10_000, 1L << 30, 3, 10, 4, 1, 0);
    assertThat(advisor.serverlessMonthly(busy)).isCloseTo(new BigDecimal("187.5"), CENT_FRACTION);
  }

  @Test
  void provisioned_billsNodeHoursAllMonth() {
    // 2 nodes x $1.086 x 730 h = $1,585.56
    assertThat(advisor.provisionedMonthly()).isEqualByComparingTo("1585.56");
  }

  @Test
  void advise_namesCheapestBreakEvenAndTriggers() {
    // Athena $146.48, Serverless: 1,000 x 2 s = 2,000 s vs 50 x 60 = 3,000 s -> 3,000 s = $2.50/day = $75
    var w = new WorkloadAdvisor.Workload(1_000, 1L << 30, 2, 50, 1, 6, 1.5);
    WorkloadAdvisor.Advice a = advisor.advise(w);
    assertThat(a.monthlyUsd()).containsEntry("athena", new BigDecimal("146.48"))
        .containsEntry("redshift-serverless", new BigDecimal("75.00"))
        .containsEntry("redshift-provisioned", new BigDecimal("1585.56"));
    assertThat(a.cheapest()).isEqualTo("redshift-serverless");
    // Athena: q x 30 x 1/1024 TiB x 5 = 0.146484375 q; Serverless: 3,000 s fixed until q x 2 > 3,000,
    // i.e. $75 flat below 1,500 q; 0.146484375 q > 75 from q = 513 (512 gives exactly 75.0)
    assertThat(a.breakEvenQueriesPerDay()).isEqualTo(513);
    assertThat(a.triggers()).hasSize(2).anyMatch(t -> t.contains("below 2 s")).anyMatch(t -> t.contains("over 5 s"));
    var heavy = new WorkloadAdvisor.Workload(5_000, 1L << 30, 2, 50, 1, 1, 0);
    assertThat(advisor.advise(heavy).triggers()).anyMatch(t -> t.contains("over $500"));
  }

  @Test
  void workload_badFigures_areRefused() {
    assertThatThrownBy(() -> new WorkloadAdvisor.Workload(-1, 0, 0, 0, 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WorkloadAdvisor.Workload(1, 0, 0, 0, 0, 0, 0))
        .hasMessageContaining("concurrency");
  }

  @Test
  void serverless_neverBillsMoreThanADayOfBaseCapacity_andSaysTheWorkloadDoesNotFit() {
    // 1,000,000 q/day x 0.5 s = 500,000 s busy, but a day has 86,400 s:
    // 24 h x 8 RPU x $0.375 x 30 = $2,160 a month, and a trigger that the base capacity is too small
    var heavy = new WorkloadAdvisor.Workload(1_000_000, 1L << 20, 0.5, 1, 1, 1, 0);
    assertThat(advisor.serverlessMonthly(heavy)).isEqualByComparingTo("2160");
    assertThat(advisor.advise(heavy).triggers()).anyMatch(t -> t.contains("139 h a day"));
    var fits = new WorkloadAdvisor.Workload(100_000, 1L << 20, 0.5, 1, 1, 1, 0);
    assertThat(advisor.advise(fits).triggers()).noneMatch(t -> t.contains("h a day"));
  }
}
