package dev.runway.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and prints, for every benchmark that has a {@code runway} and a {@code raw}
 * method, the ratio of Runway's time to the raw client's (1.00 = no overhead). Arguments are JMH's
 * own (a benchmark regex, {@code -f}, {@code -wi}, {@code -i}, {@code -w}, {@code -r}, ...); the
 * defaults are one fork, 3 warm-up and 5 measured iterations of 1 s each.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(cli);
    if (cli.getIncludes().isEmpty()) {
      builder.include("dev.runway.benchmarks.*");
    }
    if (!cli.getForkCount().hasValue()) {
      builder.forks(1);
    }
    if (!cli.getWarmupIterations().hasValue()) {
      builder.warmupIterations(3);
    }
    if (!cli.getWarmupTime().hasValue()) {
      builder.warmupTime(TimeValue.seconds(1));
    }
    if (!cli.getMeasurementIterations().hasValue()) {
      builder.measurementIterations(5);
    }
    if (!cli.getMeasurementTime().hasValue()) {
      builder.measurementTime(TimeValue.seconds(1));
    }
    Options options = builder.build();
    Collection<RunResult> results = new Runner(options).run();
    printForks(results);
    printRatios(results);
    printPolling(results);
    printFetch(results);
  }

  /**
   * Every benchmark's score fork by fork: how many forks, the median fork and the spread between
   * the slowest and the fastest. A goal holds when the median fork meets it; a figure that holds in
   * one fork and not in the next shows here as a wide spread.
   */
  private static void printForks(Collection<RunResult> results) {
    System.out.println();
    System.out.println("Forks (the score of each fork: its measured iterations averaged)");
    System.out.printf(
        "%-64s %5s %12s %12s %12s  %s%n", "benchmark", "forks", "median", "min", "max", "unit");
    for (RunResult r : results) {
      List<Double> forks = new ArrayList<>();
      for (BenchmarkResult fork : r.getBenchmarkResults()) {
        forks.add(fork.getPrimaryResult().getScore());
      }
      if (forks.isEmpty()) {
        continue;
      }
      java.util.Collections.sort(forks);
      int n = forks.size();
      double median = n % 2 == 1 ? forks.get(n / 2) : (forks.get(n / 2 - 1) + forks.get(n / 2)) / 2;
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      List<String> params = new ArrayList<>();
      for (String k : r.getParams().getParamsKeys()) {
        params.add(k + "=" + r.getParams().getParam(k));
      }
      if (!params.isEmpty()) {
        name += " " + String.join(",", params);
      }
      // with -prof gc: the bytes allocated per operation
      var alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      System.out.printf(
          "%-64s %5d %12.3f %12.3f %12.3f  %s%s%n",
          name,
          n,
          median,
          forks.get(0),
          forks.get(n - 1),
          r.getPrimaryResult().getScoreUnit(),
          alloc == null ? "" : String.format(", %.0f B/op allocated", alloc.getScore()));
    }
  }

  /** Back-off vs fixed polling: time to result, lag after the query finished, status calls. */
  private static void printPolling(Collection<RunResult> results) {
    Map<String, String> rows = new TreeMap<>();
    for (RunResult r : results) {
      if (!r.getParams().getBenchmark().contains("AthenaPollingBenchmark")) {
        continue;
      }
      int query = Integer.parseInt(r.getParams().getParam("queryMillis"));
      String policy = r.getParams().getParam("polling");
      double ms = r.getPrimaryResult().getScore();
      var calls = r.getSecondaryResults().get("statusCalls");
      // the counter adds up over the measured iterations, one query each
      double perQuery =
          calls == null
              ? Double.NaN
              : calls.getScore() / r.getPrimaryResult().getStatistics().getN();
      rows.put(
          String.format("%08d %s", query, policy),
          String.format(
              "%-26s %10.0f ms %10.0f ms %10.1f",
              query + " ms query, " + policy, ms, ms - query, perQuery));
    }
    if (!rows.isEmpty()) {
      System.out.println();
      System.out.println(
          "Completion detection (single shot; lag = time to result - query duration)");
      System.out.printf("%-26s %13s %13s %10s%n", "case", "to result", "lag", "calls");
      rows.values().forEach(System.out::println);
    }
  }

  /** GetQueryResults pages vs the S3 CSV path for the same 100,000 rows. */
  private static void printFetch(Collection<RunResult> results) {
    for (String reuse : new String[] {"false", "true"}) {
      double api = Double.NaN;
      double s3 = Double.NaN;
      double floor = Double.NaN;
      for (RunResult r : results) {
        if (!r.getParams().getBenchmark().contains("AthenaResultFetchBenchmark")
            || !reuse.equals(r.getParams().getParam("reuse"))
            || (r.getParams().getParam("rangeKib") != null
                && !"8192".equals(r.getParams().getParam("rangeKib")))) {
          continue;
        }
        if (r.getParams().getBenchmark().endsWith("plainGetAndParse")) {
          floor = r.getPrimaryResult().getScore();
        } else if ("API".equals(r.getParams().getParam("fetch"))) {
          api = r.getPrimaryResult().getScore();
        } else {
          s3 = r.getPrimaryResult().getScore();
        }
      }
      if (!Double.isNaN(api) && !Double.isNaN(s3)) {
        System.out.println();
        System.out.printf(
            "Athena 100,000-row result%s: API pages %.1f ms, S3 CSV %.1f ms; API / S3 = %.2f%s%n",
            reuse.equals("true") ? " (result reused: no fixture work)" : "",
            api,
            s3,
            api / s3,
            Double.isNaN(floor)
                ? ""
                : String.format(
                    "; plain GET + Jackson CSV %.1f ms, S3 / floor = %.2f", floor, s3 / floor));
      }
    }
  }

  private static void printRatios(Collection<RunResult> results) {
    // key: benchmark class + params; value: method -> [score, error, unit]
    Map<String, Map<String, Object[]>> byCase = new TreeMap<>();
    for (RunResult r : results) {
      String full = r.getParams().getBenchmark();
      String clazz =
          full.substring(
              full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1, full.lastIndexOf('.'));
      String method = full.substring(full.lastIndexOf('.') + 1);
      List<String> params = new ArrayList<>();
      for (String k : r.getParams().getParamsKeys()) {
        params.add(k + "=" + r.getParams().getParam(k));
      }
      String key = clazz + (params.isEmpty() ? "" : " " + String.join(",", params));
      byCase
          .computeIfAbsent(key, k -> new TreeMap<>())
          .put(
              method,
              new Object[] {
                r.getPrimaryResult().getScore(),
                r.getPrimaryResult().getScoreError(),
                r.getPrimaryResult().getScoreUnit()
              });
    }
    System.out.println();
    System.out.println(
        "Runway vs raw client (average time per operation; ratio = runway / raw, lower is better)");
    System.out.printf("%-48s %16s %16s %8s%n", "case", "runway", "raw", "ratio");
    for (Map.Entry<String, Map<String, Object[]>> e : byCase.entrySet()) {
      Object[] runway = e.getValue().get("runway");
      Object[] raw = e.getValue().get("raw");
      Object[] near = e.getValue().get("nearCacheHit");
      if (near != null && runway != null) {
        System.out.printf(
            "%-48s %10.3f %-5s %10.3f %-5s %8.4f   (near-cache hit vs Redis round trip)%n",
            e.getKey() + " near",
            (double) near[0],
            near[2],
            (double) runway[0],
            runway[2],
            (double) near[0] / (double) runway[0]);
      }
      if (runway == null || raw == null) {
        continue;
      }
      double ratio = (double) runway[0] / (double) raw[0];
      if (String.valueOf(runway[2]).startsWith("ops/")) {
        System.out.printf(
            "%-48s %10.0f %-5s %10.0f %-5s   throughput of Runway = %.2f of raw%n",
            e.getKey(), (double) runway[0], runway[2], (double) raw[0], raw[2], ratio);
        continue;
      }
      if (e.getKey().startsWith("RedisCacheBenchmark")
          || e.getKey().startsWith("DynamoSessionBenchmark")) {
        System.out.printf("%-48s throughput of Runway = %.2f of the raw client%n", "", 1 / ratio);
      }
      System.out.printf(
          "%-48s %10.3f %-5s %10.3f %-5s %8.2f%n",
          e.getKey(), (double) runway[0], runway[2], (double) raw[0], raw[2], ratio);
    }
  }
}
