package dev.runway.core.cost;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Projects the monthly cost of a workload on Amazon Athena, Amazon Redshift Serverless and
 * provisioned Redshift, names the cheapest, the break-even point between Athena and Redshift
 * Serverless, and which decision triggers fire. Prices are inputs (defaults are us-east-1 list
 * prices at the time of writing: check them before deciding). Pure arithmetic; thread-safe.
 *
 * <p>Models: Athena bills each query's bytes scanned, rounded up to the megabyte with a 10 MB
 * minimum, at a price per TB (2^40 bytes). Redshift Serverless bills RPU-hours at the base capacity
 * while the workgroup is active, with a 60-second minimum per active period; busy time is the
 * queries' total run time divided by the concurrency. Provisioned Redshift bills node-hours all
 * month. A month is 30 days (730 hours for provisioned nodes).
 */
public final class WorkloadAdvisor {

  private static final BigDecimal TB = BigDecimal.valueOf(1L << 40);
  private static final BigDecimal MB = BigDecimal.valueOf(1L << 20);
  private static final MathContext MC = MathContext.DECIMAL128;

  /**
   * A workload, as recorded or estimated.
   *
   * @param queriesPerDay queries a day
   * @param bytesScannedPerQuery average bytes scanned by one query
   * @param querySeconds average run time of one query on Redshift (for Serverless busy time)
   * @param activePeriodsPerDay how many separate bursts of activity a day (each billed >= 60 s)
   * @param concurrency how many queries run at once on average while active (>= 1)
   * @param p95LatencySeconds observed 95th-percentile latency on the current engine
   * @param requiredLatencySeconds the latency the application needs, or 0 for no requirement
   */
  public record Workload(double queriesPerDay, long bytesScannedPerQuery, double querySeconds,
      double activePeriodsPerDay, double concurrency, double p95LatencySeconds, double requiredLatencySeconds) {

    /** Validates the inputs. */
    public Workload {
      if (queriesPerDay < 0 || bytesScannedPerQuery < 0 || querySeconds < 0 || activePeriodsPerDay < 0
          || concurrency < 1 || p95LatencySeconds < 0 || requiredLatencySeconds < 0) {
        throw new IllegalArgumentException("workload figures must be >= 0 and concurrency >= 1");
      }
    }

    /** Returns the same workload with another query volume. */
    public Workload withQueriesPerDay(double q) {
      return new Workload(q, bytesScannedPerQuery, querySeconds, activePeriodsPerDay, concurrency,
          p95LatencySeconds, requiredLatencySeconds);
    }
  }

  /**
   * Prices.
   *
   * @param athenaUsdPerTb Athena price per TB scanned (default 5)
   * @param serverlessUsdPerRpuHour Redshift Serverless price per RPU-hour (default 0.375)
   * @param serverlessBaseRpu Redshift Serverless base capacity (default 8)
   * @param provisionedUsdPerNodeHour provisioned node price per hour (default 1.086, ra3.xlplus)
   * @param provisionedNodes provisioned nodes (default 2)
   */
  public record Prices(BigDecimal athenaUsdPerTb, BigDecimal serverlessUsdPerRpuHour, int serverlessBaseRpu,
      BigDecimal provisionedUsdPerNodeHour, int provisionedNodes) {

    /** Returns the defaults. */
    public static Prices defaults() {
      return new Prices(new BigDecimal("5"), new BigDecimal("0.375"), 8, new BigDecimal("1.086"), 2);
    }
  }

  /**
   * The advice.
   *
   * @param monthlyUsd projected monthly cost per option ({@code athena}, {@code redshift-serverless},
   *     {@code redshift-provisioned})
   * @param cheapest the cheapest option
   * @param breakEvenQueriesPerDay queries a day at which Athena starts costing more than Redshift
   *     Serverless for this workload shape, or -1 if it never does up to 10 million a day
   * @param triggers the decision triggers that fire, in words
   */
  public record Advice(Map<String, BigDecimal> monthlyUsd, String cheapest, long breakEvenQueriesPerDay,
      List<String> triggers) {}

  private final Prices prices;

  /** Creates an advisor with {@code prices}. */
  public WorkloadAdvisor(Prices prices) {
    this.prices = Objects.requireNonNull(prices, "prices");
  }

  /** Returns the projected monthly cost on Athena. */
  public BigDecimal athenaMonthly(Workload w) {
    long billedBytes = Math.max(10L << 20, roundUpToMb(w.bytesScannedPerQuery()));
    return BigDecimal.valueOf(w.queriesPerDay()).multiply(BigDecimal.valueOf(30))
        .multiply(BigDecimal.valueOf(billedBytes)).divide(TB, MC).multiply(prices.athenaUsdPerTb(), MC);
  }

  private static long roundUpToMb(long bytes) {
    long mb = 1L << 20;
    return (bytes + mb - 1) / mb * mb;
  }

  /** The seconds in a day: a workgroup can be billed for no more active time than that. */
  private static final double DAY_SECONDS = 86_400;

  /** Returns the seconds a day the workload keeps Serverless busy at its base capacity (uncapped). */
  private static double busySeconds(Workload w) {
    return w.queriesPerDay() * w.querySeconds() / w.concurrency();
  }

  /**
   * Returns the projected monthly cost on Redshift Serverless at its base capacity: busy time (at
   * least 60 s per active period) a day, at most the whole day, times 30.
   */
  public BigDecimal serverlessMonthly(Workload w) {
    double billedSeconds = Math.min(DAY_SECONDS, Math.max(busySeconds(w), 60 * w.activePeriodsPerDay()));
    return BigDecimal.valueOf(billedSeconds).divide(BigDecimal.valueOf(3600), MC)
        .multiply(BigDecimal.valueOf(prices.serverlessBaseRpu())).multiply(prices.serverlessUsdPerRpuHour(), MC)
        .multiply(BigDecimal.valueOf(30));
  }

  /** Returns the projected monthly cost of provisioned Redshift. */
  public BigDecimal provisionedMonthly() {
    return prices.provisionedUsdPerNodeHour().multiply(BigDecimal.valueOf(prices.provisionedNodes()))
        .multiply(BigDecimal.valueOf(730));
  }

  /** Advises on {@code w}. */
  public Advice advise(Workload w) {
    Map<String, BigDecimal> monthly = new TreeMap<>();
    monthly.put("athena", round(athenaMonthly(w)));
    monthly.put("redshift-serverless", round(serverlessMonthly(w)));
    monthly.put("redshift-provisioned", round(provisionedMonthly()));
    String cheapest = monthly.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
        .orElseThrow().getKey();
    List<String> triggers = new ArrayList<>();
    if (w.requiredLatencySeconds() > 0 && w.requiredLatencySeconds() < 2) {
      triggers.add("latency requirement " + w.requiredLatencySeconds() + " s is below 2 s: Athena's queueing and "
          + "planning make sub-2-second answers unreliable; Redshift (with result caching) fits");
    }
    if (monthly.get("athena").compareTo(BigDecimal.valueOf(500)) > 0) {
      triggers.add("Athena would cost $" + monthly.get("athena").toPlainString() + " a month, over $500: "
          + "compare with Redshift and reduce bytes scanned (partitions, Parquet, fewer columns)");
    }
    if (busySeconds(w) > DAY_SECONDS) {
      triggers.add(String.format(Locale.ROOT, "the workload keeps %d RPUs busy %.0f h a day: more than a day, "
          + "so Serverless would scale above its base capacity and cost more than projected; compare a larger "
          + "base capacity or provisioned nodes", prices.serverlessBaseRpu(), busySeconds(w) / 3600));
    }
    if (w.p95LatencySeconds() > 5) {
      triggers.add("p95 latency " + w.p95LatencySeconds() + " s is over 5 s: dashboards will feel slow");
    }
    return new Advice(Map.copyOf(monthly), cheapest, breakEven(w), List.copyOf(triggers));
  }

  /** Smallest query volume (per day) at which Athena costs more than Redshift Serverless. */
  private long breakEven(Workload w) {
    long lo = 0;
    long hi = 10_000_000;
    if (athenaMonthly(w.withQueriesPerDay(hi)).compareTo(serverlessMonthly(w.withQueriesPerDay(hi))) <= 0) {
      return -1;
    }
    while (lo < hi) {
      long mid = (lo + hi) / 2;
      if (athenaMonthly(w.withQueriesPerDay(mid)).compareTo(serverlessMonthly(w.withQueriesPerDay(mid))) > 0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static BigDecimal round(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP);
  }
}
