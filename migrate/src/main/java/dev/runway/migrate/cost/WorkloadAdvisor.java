package dev.runway.migrate.cost;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Projects the monthly cost of a workload on Amazon Athena, Amazon Redshift Serverless and
 * provisioned Redshift clusters (node types from a price table, several cluster sizes), names the
 * cheapest and what it saves against the current option, the query volume at which Athena starts
 * costing more than each Redshift option, and which of the usual decision triggers fire. Prices are
 * inputs (defaults are us-east-1 on-demand list prices as of {@link #PRICES_AS_OF}: check them
 * before deciding). Pure arithmetic; thread-safe.
 *
 * <p>Models: Athena bills each query's bytes scanned, rounded up to the megabyte with a 10 MB
 * minimum, at a price per TB (2^40 bytes). Redshift Serverless bills RPU-hours at the base capacity
 * while the workgroup is active, with a 60-second minimum per active period; busy time is the
 * queries' total run time divided by the concurrency. Provisioned Redshift bills node-hours all
 * month. Both Redshift options add managed storage (RMS) per GB-month for the data they hold; the
 * data in S3 that Athena reads is not counted, as it stays either way. A month is 30 days (730
 * hours for provisioned nodes).
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
   * @param concurrentDashboardUsers dashboard users at once at the peak, or 0 if unknown
   * @param storedBytes the data a Redshift option would hold (for managed storage), or 0
   */
  public record Workload(
      double queriesPerDay,
      long bytesScannedPerQuery,
      double querySeconds,
      double activePeriodsPerDay,
      double concurrency,
      double p95LatencySeconds,
      double requiredLatencySeconds,
      int concurrentDashboardUsers,
      long storedBytes) {

    /** Validates the inputs. */
    public Workload {
      if (queriesPerDay < 0
          || bytesScannedPerQuery < 0
          || querySeconds < 0
          || activePeriodsPerDay < 0
          || concurrency < 1
          || p95LatencySeconds < 0
          || requiredLatencySeconds < 0
          || concurrentDashboardUsers < 0
          || storedBytes < 0) {
        throw new IllegalArgumentException("workload figures must be >= 0 and concurrency >= 1");
      }
    }

    /** A workload without dashboard users or stored data given. */
    public Workload(
        double queriesPerDay,
        long bytesScannedPerQuery,
        double querySeconds,
        double activePeriodsPerDay,
        double concurrency,
        double p95LatencySeconds,
        double requiredLatencySeconds) {
      this(
          queriesPerDay,
          bytesScannedPerQuery,
          querySeconds,
          activePeriodsPerDay,
          concurrency,
          p95LatencySeconds,
          requiredLatencySeconds,
          0,
          0);
    }

    /** Returns the same workload with another query volume. */
    public Workload withQueriesPerDay(double q) {
      return new Workload(
          q,
          bytesScannedPerQuery,
          querySeconds,
          activePeriodsPerDay,
          concurrency,
          p95LatencySeconds,
          requiredLatencySeconds,
          concurrentDashboardUsers,
          storedBytes);
    }

    /** Returns the same workload with {@code users} concurrent dashboard users at the peak. */
    public Workload withConcurrentDashboardUsers(int users) {
      return new Workload(
          queriesPerDay,
          bytesScannedPerQuery,
          querySeconds,
          activePeriodsPerDay,
          concurrency,
          p95LatencySeconds,
          requiredLatencySeconds,
          users,
          storedBytes);
    }

    /**
     * Returns the same workload holding what {@code recordsPerDay} records of {@code
     * bytesPerRecord} (stored, compressed) add up to over {@code retentionDays}: how capacity plans
     * reason about data ("23M records/day"), turned into the bytes Redshift's managed storage
     * bills.
     */
    public Workload withDataGrowth(double recordsPerDay, double bytesPerRecord, int retentionDays) {
      if (recordsPerDay < 0 || bytesPerRecord < 0 || retentionDays < 0) {
        throw new IllegalArgumentException(
            "records per day, bytes per record and retention must be >= 0");
      }
      return withStoredBytes((long) (recordsPerDay * bytesPerRecord * retentionDays));
    }

    /** Returns the same workload holding {@code bytes} of data in Redshift. */
    public Workload withStoredBytes(long bytes) {
      return new Workload(
          queriesPerDay,
          bytesScannedPerQuery,
          querySeconds,
          activePeriodsPerDay,
          concurrency,
          p95LatencySeconds,
          requiredLatencySeconds,
          concurrentDashboardUsers,
          bytes);
    }
  }

  /** The date the default prices were read from AWS's Redshift and Athena pricing pages. */
  public static final String PRICES_AS_OF = "2026-10-07";

  /**
   * us-east-1 on-demand prices per node-hour, in US dollars, as of {@link #PRICES_AS_OF}.
   *
   * @return node type to price, smallest first
   */
  public static Map<String, BigDecimal> defaultNodePrices() {
    Map<String, BigDecimal> m = new LinkedHashMap<>();
    m.put("dc2.large", new BigDecimal("0.25"));
    m.put("ra3.large", new BigDecimal("0.543"));
    m.put("ra3.xlplus", new BigDecimal("1.086"));
    m.put("ra3.4xlarge", new BigDecimal("3.26"));
    m.put("dc2.8xlarge", new BigDecimal("4.80"));
    m.put("ra3.16xlarge", new BigDecimal("13.04"));
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * A provisioned cluster to compare.
   *
   * @param nodeType a node type of the price table
   * @param nodes how many nodes (>= 1)
   */
  public record Cluster(String nodeType, int nodes) {

    /** Validates it. */
    public Cluster {
      Objects.requireNonNull(nodeType, "nodeType");
      if (nodes < 1) {
        throw new IllegalArgumentException("a cluster has at least one node, got " + nodes);
      }
    }

    /** Returns its option name, e.g. {@code redshift-2x-ra3.xlplus}. */
    public String option() {
      return "redshift-" + nodes + "x-" + nodeType;
    }
  }

  /**
   * Prices, and the provisioned clusters to compare.
   *
   * @param athenaUsdPerTb Athena price per TB scanned (default 5)
   * @param serverlessUsdPerRpuHour Redshift Serverless price per RPU-hour (default 0.375)
   * @param serverlessBaseRpu Redshift Serverless base capacity (default 8)
   * @param nodeUsdPerHour price per node-hour of each node type (default {@link
   *     #defaultNodePrices()})
   * @param clusters the provisioned clusters to compare (default 1, 2 and 4 ra3.xlplus nodes, as
   *     seed 002 compares)
   * @param storageUsdPerGbMonth Redshift managed storage per GB-month (default 0.024)
   */
  public record Prices(
      BigDecimal athenaUsdPerTb,
      BigDecimal serverlessUsdPerRpuHour,
      int serverlessBaseRpu,
      Map<String, BigDecimal> nodeUsdPerHour,
      List<Cluster> clusters,
      BigDecimal storageUsdPerGbMonth) {

    /** Validates them: every cluster's node type has a price. */
    public Prices {
      Objects.requireNonNull(athenaUsdPerTb, "athenaUsdPerTb");
      Objects.requireNonNull(serverlessUsdPerRpuHour, "serverlessUsdPerRpuHour");
      Objects.requireNonNull(storageUsdPerGbMonth, "storageUsdPerGbMonth");
      nodeUsdPerHour = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodeUsdPerHour));
      clusters = List.copyOf(clusters);
      if (serverlessBaseRpu < 1) {
        throw new IllegalArgumentException(
            "Serverless base capacity must be >= 1 RPU, got " + serverlessBaseRpu);
      }
      for (Cluster c : clusters) {
        if (!nodeUsdPerHour.containsKey(c.nodeType())) {
          throw new IllegalArgumentException(
              "no price for node type "
                  + c.nodeType()
                  + "; known: "
                  + nodeUsdPerHour.keySet()
                  + " (add it to the node price table)");
        }
      }
    }

    /** Returns the defaults. */
    public static Prices defaults() {
      return new Prices(
          new BigDecimal("5"),
          new BigDecimal("0.375"),
          8,
          defaultNodePrices(),
          List.of(
              new Cluster("ra3.xlplus", 1),
              new Cluster("ra3.xlplus", 2),
              new Cluster("ra3.xlplus", 4)),
          new BigDecimal("0.024"));
    }

    /** Returns these prices comparing {@code clusters} instead. */
    public Prices withClusters(List<Cluster> clusters) {
      return new Prices(
          athenaUsdPerTb,
          serverlessUsdPerRpuHour,
          serverlessBaseRpu,
          nodeUsdPerHour,
          clusters,
          storageUsdPerGbMonth);
    }
  }

  /** The option name of Athena. */
  public static final String ATHENA = "athena";

  /** The option name of Redshift Serverless. */
  public static final String SERVERLESS = "redshift-serverless";

  /**
   * The advice.
   *
   * @param monthlyUsd projected monthly cost per option: {@code athena}, {@code
   *     redshift-serverless}, and each cluster's {@link Cluster#option()}, in that order
   * @param cheapest the cheapest option
   * @param current the option the workload runs on now
   * @param monthlySavingUsd what the cheapest option saves a month against the current one (0 when
   *     the current one is the cheapest)
   * @param breakEvenQueriesPerDay per Redshift option, the queries a day from which Athena costs
   *     more than it for this workload shape, or -1 if Athena stays cheaper up to 10 million a day
   * @param triggers the decision triggers that fire, in words
   */
  public record Advice(
      Map<String, BigDecimal> monthlyUsd,
      String cheapest,
      String current,
      BigDecimal monthlySavingUsd,
      Map<String, Long> breakEvenQueriesPerDay,
      List<String> triggers) {}

  private final Prices prices;

  /** Creates an advisor with {@code prices}. */
  public WorkloadAdvisor(Prices prices) {
    this.prices = Objects.requireNonNull(prices, "prices");
  }

  /** Returns the projected monthly cost on Athena. */
  public BigDecimal athenaMonthly(Workload w) {
    long billedBytes = Math.max(10L << 20, roundUpToMb(w.bytesScannedPerQuery()));
    return BigDecimal.valueOf(w.queriesPerDay())
        .multiply(BigDecimal.valueOf(30))
        .multiply(BigDecimal.valueOf(billedBytes))
        .divide(TB, MC)
        .multiply(prices.athenaUsdPerTb(), MC);
  }

  private static long roundUpToMb(long bytes) {
    long mb = 1L << 20;
    return (bytes + mb - 1) / mb * mb;
  }

  /** The seconds in a day: a workgroup can be billed for no more active time than that. */
  private static final double DAY_SECONDS = 86_400;

  /**
   * Returns the seconds a day the workload keeps Serverless busy at its base capacity (uncapped).
   */
  private static double busySeconds(Workload w) {
    return w.queriesPerDay() * w.querySeconds() / w.concurrency();
  }

  /**
   * Returns the projected monthly cost on Redshift Serverless at its base capacity: busy time (at
   * least 60 s per active period) a day, at most the whole day, times 30.
   */
  public BigDecimal serverlessMonthly(Workload w) {
    double billedSeconds =
        Math.min(DAY_SECONDS, Math.max(busySeconds(w), 60 * w.activePeriodsPerDay()));
    return BigDecimal.valueOf(billedSeconds)
        .divide(BigDecimal.valueOf(3600), MC)
        .multiply(BigDecimal.valueOf(prices.serverlessBaseRpu()))
        .multiply(prices.serverlessUsdPerRpuHour(), MC)
        .multiply(BigDecimal.valueOf(30));
  }

  /** Returns Redshift managed storage for the workload's stored data, a month. */
  private BigDecimal storageMonthly(Workload w) {
    return BigDecimal.valueOf(w.storedBytes())
        .divide(BigDecimal.valueOf(1L << 30), MC)
        .multiply(prices.storageUsdPerGbMonth(), MC);
  }

  /** Returns the projected monthly cost of {@code cluster}: node-hours all month, plus storage. */
  public BigDecimal provisionedMonthly(Cluster cluster, Workload w) {
    BigDecimal perHour = prices.nodeUsdPerHour().get(cluster.nodeType());
    if (perHour == null) {
      throw new IllegalArgumentException(
          "no price for the node type "
              + cluster.nodeType()
              + "; priced: "
              + prices.nodeUsdPerHour().keySet());
    }
    return perHour
        .multiply(BigDecimal.valueOf(cluster.nodes()))
        .multiply(BigDecimal.valueOf(730))
        .add(storageMonthly(w));
  }

  /** Returns the projected monthly cost of each option for {@code w}, in the advice's order. */
  public Map<String, BigDecimal> monthly(Workload w) {
    Map<String, BigDecimal> monthly = new LinkedHashMap<>();
    monthly.put(ATHENA, athenaMonthly(w));
    monthly.put(SERVERLESS, serverlessMonthly(w).add(storageMonthly(w)));
    for (Cluster c : prices.clusters()) {
      monthly.put(c.option(), provisionedMonthly(c, w));
    }
    return monthly;
  }

  /** Advises on {@code w}, running on Athena now (the usual starting point). */
  public Advice advise(Workload w) {
    return advise(w, ATHENA);
  }

  /** Advises on {@code w}, running on option {@code current} now. */
  public Advice advise(Workload w, String current) {
    Map<String, BigDecimal> monthly = new LinkedHashMap<>();
    monthly(w).forEach((k, v) -> monthly.put(k, round(v)));
    if (!monthly.containsKey(current)) {
      throw new IllegalArgumentException(
          "unknown current option " + current + "; one of " + monthly.keySet());
    }
    String cheapest =
        monthly.entrySet().stream()
            .min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
            .orElseThrow()
            .getKey();
    BigDecimal saving = monthly.get(current).subtract(monthly.get(cheapest));
    Map<String, Long> breakEven = new LinkedHashMap<>();
    for (String option : monthly.keySet()) {
      if (!option.equals(ATHENA)) {
        breakEven.put(option, breakEven(w, option));
      }
    }
    List<String> triggers = new ArrayList<>();
    if (w.concurrentDashboardUsers() > 100) {
      triggers.add(
          "more than 100 concurrent dashboard users ("
              + w.concurrentDashboardUsers()
              + "): Athena queues "
              + "queries beyond its concurrency quota; Redshift serves them from one warehouse with result caching");
    } else if (w.concurrentDashboardUsers() > 0 && w.concurrentDashboardUsers() <= 10) {
      triggers.add(
          "only "
              + w.concurrentDashboardUsers()
              + " concurrent dashboard users: the decision checklist "
              + "asks for more than 10 before migrating; revisit when the dashboard has real users");
    }
    if (w.requiredLatencySeconds() > 0 && w.requiredLatencySeconds() < 1) {
      triggers.add(
          "latency requirement "
              + w.requiredLatencySeconds()
              + " s is below 1 s (an assistant answering "
              + "in real time): only a warm Redshift with result caching answers that reliably");
    } else if (w.requiredLatencySeconds() > 0 && w.requiredLatencySeconds() < 2) {
      triggers.add(
          "latency requirement "
              + w.requiredLatencySeconds()
              + " s is below 2 s: Athena's queueing and "
              + "planning make sub-2-second answers unreliable; Redshift (with result caching) fits");
    }
    if (Objects.requireNonNull(monthly.get(ATHENA)).compareTo(BigDecimal.valueOf(500)) > 0) {
      triggers.add(
          "Athena would cost $"
              + monthly.get(ATHENA).toPlainString()
              + " a month, over $500: "
              + "compare with Redshift and reduce bytes scanned (partitions, Parquet, fewer columns)");
    }
    if (busySeconds(w) > DAY_SECONDS) {
      triggers.add(
          String.format(
              Locale.ROOT,
              "the workload keeps %d RPUs busy %.0f h a day: more than a day, "
                  + "so Serverless would scale above its base capacity and cost more than projected; compare a larger "
                  + "base capacity or provisioned nodes",
              prices.serverlessBaseRpu(),
              busySeconds(w) / 3600));
    }
    if (w.p95LatencySeconds() > 5) {
      triggers.add(
          "p95 latency " + w.p95LatencySeconds() + " s is over 5 s: dashboards will feel slow");
    }
    return new Advice(
        java.util.Collections.unmodifiableMap(monthly),
        cheapest,
        current,
        saving,
        java.util.Collections.unmodifiableMap(breakEven),
        List.copyOf(triggers));
  }

  /** Smallest query volume (per day) at which Athena costs more than {@code option}, or -1. */
  private long breakEven(Workload w, String option) {
    long lo = 0;
    long hi = 10_000_000;
    if (!athenaCostsMore(w.withQueriesPerDay(hi), option)) {
      return -1;
    }
    while (lo < hi) {
      long mid = (lo + hi) / 2;
      if (athenaCostsMore(w.withQueriesPerDay(mid), option)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private boolean athenaCostsMore(Workload w, String option) {
    Map<String, BigDecimal> m = monthly(w);
    return Objects.requireNonNull(m.get(ATHENA)).compareTo(Objects.requireNonNull(m.get(option)))
        > 0;
  }

  private static BigDecimal round(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP);
  }
}
