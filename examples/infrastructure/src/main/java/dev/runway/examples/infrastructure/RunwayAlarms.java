package dev.runway.examples.infrastructure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The one place the alarms, the dashboard's Runway graphs and the README's alarm table come from:
 * the seeds' thresholds on the metrics Runway publishes, by the names and dimensions Micrometer's
 * CloudWatch registry gives them (a timer {@code runway.query} becomes {@code runway.query.count},
 * {@code .sum} and {@code .max}; a counter {@code runway.query.cost} becomes {@code
 * runway.query.cost.count}; every tag a dimension).
 *
 * <p>Runway's query timer carries a dimension per query label, so an alarm over all queries
 * aggregates with a CloudWatch Metrics Insights query (its SQL is generated here); a ratio is
 * metric math over two of them. The daily cost is a plain metric (its dimensions are fixed), since
 * a Metrics Insights alarm sees only the last three hours.
 */
public final class RunwayAlarms {

  /** The Runway meter names, as CloudWatch shows them. */
  public static final String QUERY_COUNT = "runway.query.count";

  /** Milliseconds spent in queries, summed over the period. */
  public static final String QUERY_SUM = "runway.query.sum";

  /** The estimated cost of the queries an engine ran, in US dollars. */
  public static final String QUERY_COST = "runway.query.cost.count";

  /** Cache lookups, by result. */
  public static final String CACHE_GETS = "cache.gets.count";

  private RunwayAlarms() {}

  /** How the alarm compares its value with the threshold. */
  public enum Comparison {
    /** Alarm above the threshold. */
    ABOVE(">"),
    /** Alarm below the threshold. */
    BELOW("<");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    /** Returns {@code >} or {@code <}. */
    public String symbol() {
      return symbol;
    }
  }

  /** One input of an alarm: a metric or a Metrics Insights aggregate of a Runway meter. */
  public sealed interface Input permits Metric, Insights {
    /** The id metric math refers to it by. */
    String id();

    /** The namespace; {@code null} for Runway's own (the configured one). */
    String namespace();

    /** The metric name as CloudWatch shows it. */
    String metricName();

    /** The dimensions it is filtered on (all of them for a plain metric). */
    Map<String, String> dimensions();
  }

  /**
   * A plain metric: every dimension named, as an alarm on a single metric needs.
   *
   * @param namespace {@code null} for Runway's namespace
   * @param statistic {@code Sum}, {@code Average}, ...
   */
  public record Metric(
      String id,
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      String statistic)
      implements Input {
    /** Copies the dimensions. */
    public Metric {
      dimensions = Map.copyOf(dimensions);
    }
  }

  /**
   * A Metrics Insights aggregate over every series of a Runway meter whose dimensions match.
   *
   * @param function {@code SUM}, {@code AVG}, {@code MAX}
   */
  public record Insights(
      String id, String function, String metricName, Map<String, String> dimensions)
      implements Input {
    /** Keeps the dimensions in order, for a stable query text. */
    public Insights {
      dimensions = new LinkedHashMap<>(dimensions);
    }

    @Override
    public String namespace() {
      return null;
    }

    /**
     * Returns the query, for example {@code SELECT SUM("runway.query.count") FROM "ns" WHERE
     * outcome = 'error'}.
     */
    public String sql(String namespace) {
      StringBuilder q =
          new StringBuilder("SELECT ")
              .append(function)
              .append("(")
              .append(quote(metricName))
              .append(") FROM ")
              .append(quote(namespace));
      String where =
          dimensions.entrySet().stream()
              .map(e -> quote(e.getKey()) + " = '" + e.getValue() + "'")
              .collect(Collectors.joining(" AND "));
      if (!where.isEmpty()) {
        q.append(" WHERE ").append(where);
      }
      return q.toString();
    }

    private static String quote(String identifier) {
      // Metrics Insights: identifiers other than letters, digits and underscores in double quotes
      return identifier.matches("[A-Za-z_][A-Za-z0-9_]*") ? identifier : '"' + identifier + '"';
    }
  }

  /**
   * One alarm.
   *
   * @param id the construct id and the end of the alarm's name
   * @param title what the README and the dashboard call it
   * @param source where its numbers come from, for the README
   * @param expression metric math over the inputs' ids, or {@code null} for a single input
   * @param unit the unit of the value compared, for the README
   * @param period the period of each evaluation
   * @param evaluationPeriods the periods (all breaching) before the alarm fires
   * @param onlyWithProvisionedRedshift whether it applies only to a provisioned Redshift cluster
   */
  public record Alarm(
      String id,
      String title,
      String source,
      List<Input> inputs,
      String expression,
      Comparison comparison,
      double threshold,
      String unit,
      Duration period,
      int evaluationPeriods,
      boolean onlyWithProvisionedRedshift) {
    /** Checks the shape. */
    public Alarm {
      inputs = List.copyOf(inputs);
      if (expression == null && inputs.size() != 1) {
        throw new IllegalArgumentException(id + ": several inputs need an expression");
      }
      Objects.requireNonNull(comparison, "comparison");
    }

    /** Returns the condition as the README states it, for example {@code > 5 % for 2 x 5 min}. */
    public String condition() {
      String t =
          threshold == Math.rint(threshold)
              ? String.valueOf((long) threshold)
              : String.valueOf(threshold);
      return comparison.symbol()
          + " "
          + t
          + " "
          + unit
          + " for "
          + evaluationPeriods
          + " x "
          + describe(period);
    }

    private static String describe(Duration d) {
      return d.toDays() >= 1 && d.toHoursPart() == 0
          ? d.toDays() + " day"
          : d.toHours() >= 1 ? d.toHours() + " h" : d.toMinutes() + " min";
    }
  }

  /** Returns the seeds' alarms, in the order of the README's table. */
  public static List<Alarm> all() {
    Duration fiveMinutes = Duration.ofMinutes(5);
    List<Alarm> alarms = new ArrayList<>();
    alarms.add(
        new Alarm(
            "QueryErrorRate",
            "Query error rate",
            "Runway: " + QUERY_COUNT + " by outcome",
            List.of(
                new Insights("errors", "SUM", QUERY_COUNT, Map.of("outcome", "error")),
                new Insights("queries", "SUM", QUERY_COUNT, Map.of())),
            "100 * errors / queries",
            Comparison.ABOVE,
            5,
            "%",
            fiveMinutes,
            2,
            false));
    alarms.add(latency("AthenaLatency", "Athena query latency", "athena", 5_000));
    alarms.add(latency("RedshiftLatency", "Redshift query latency", "redshift", 1_000));
    alarms.add(
        new Alarm(
            "RedshiftCpu",
            "Redshift cluster CPU",
            "AWS/Redshift CPUUtilization",
            List.of(
                new Metric(
                    "cpu",
                    "AWS/Redshift",
                    "CPUUtilization",
                    Map.of("ClusterIdentifier", "${cluster}"),
                    "Average")),
            null,
            Comparison.ABOVE,
            80,
            "%",
            fiveMinutes,
            3,
            true));
    alarms.add(
        new Alarm(
            "AthenaDailyCost",
            "Athena cost per day",
            "Runway: " + QUERY_COST + " (estimated from bytes scanned)",
            List.of(new Metric("cost", null, QUERY_COST, Map.of("runway.engine", "athena"), "Sum")),
            null,
            Comparison.ABOVE,
            50,
            "USD",
            Duration.ofDays(1),
            1,
            false));
    alarms.add(
        new Alarm(
            "CacheHitRate",
            "Result cache hit rate",
            "Runway: " + CACHE_GETS + " by result",
            // by Metrics Insights: the series also carry runway.component (caffeine, redis)
            List.of(
                new Insights(
                    "hits", "SUM", CACHE_GETS, ordered("cache", "runway", "result", "hit")),
                new Insights(
                    "misses", "SUM", CACHE_GETS, ordered("cache", "runway", "result", "miss"))),
            "100 * hits / (hits + misses)",
            Comparison.BELOW,
            90,
            "%",
            Duration.ofMinutes(15),
            4,
            false));
    return List.copyOf(alarms);
  }

  private static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static Alarm latency(String id, String title, String engine, double thresholdMs) {
    Map<String, String> dims =
        ordered("runway.engine", engine, "runway.cache", "miss", "outcome", "success");
    return new Alarm(
        id,
        title,
        "Runway: " + QUERY_SUM + " / " + QUERY_COUNT + " of " + engine + " (cache misses)",
        List.of(
            new Insights(engine + "Time", "SUM", QUERY_SUM, dims),
            new Insights(engine + "Queries", "SUM", QUERY_COUNT, dims)),
        engine + "Time / " + engine + "Queries",
        Comparison.ABOVE,
        thresholdMs,
        "ms",
        Duration.ofMinutes(5),
        2,
        false);
  }

  /** Returns the README's alarm table (Markdown), generated from {@link #all()}. */
  public static String markdownTable() {
    StringBuilder t = new StringBuilder("| alarm | condition | from |\n|---|---|---|\n");
    for (Alarm a : all()) {
      t.append("| ")
          .append(a.title())
          .append(a.onlyWithProvisionedRedshift() ? " (provisioned Redshift)" : "")
          .append(" | ")
          .append(a.condition())
          .append(" | ")
          .append(a.source())
          .append(" |\n");
    }
    return t.toString();
  }
}
