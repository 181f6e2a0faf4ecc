package dev.runway.migrate;

import dev.runway.core.coordination.Coordination;
import dev.runway.core.internal.Checks;
import dev.runway.core.internal.DaemonThreads;
import dev.runway.core.internal.NanoUsd;
import dev.runway.core.internal.SetOnce;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.resilience.ResiliencePolicy;
import dev.runway.core.sql.ParsedSql;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every query from the primary and runs a sampled share of them on a candidate in the
 * background, comparing the two results with a {@link ResultComparator}: the parallel-testing step
 * of a migration, made measurable ({@link #report()}). Thread-safe.
 *
 * <p>The caller never waits for the candidate and never sees its failures: candidate runs happen on
 * a small bounded executor (work beyond its queue is skipped and counted), each with its own
 * timeout, behind a circuit breaker. A mismatch is run again on both sides after a delay before it
 * is reported, since the data may have changed between the two runs; it is then reported as
 * transient or persistent. An optional hourly budget for the candidate's estimated cost stops
 * sampling for the rest of the hour once spent. Queries can opt out with the tag {@code no-shadow}.
 * Streams and asynchronous queries go to the primary only.
 */
public final class ShadowDatabaseClient extends ForwardingDatabaseClient {

  private static final Logger LOG = LoggerFactory.getLogger(ShadowDatabaseClient.class);

  private final DatabaseClient primary;
  private final DatabaseClient candidate;
  private final double sampleRate;
  private final Duration candidateTimeout;
  private final Duration recheckDelay;
  private final @Nullable BigDecimal hourlyBudgetUsd;
  private final Predicate<Query> optOut;
  private final @Nullable DialectCheck dialectCheck;
  private final Clock clock;
  private final ResultComparator comparator = new ResultComparator();
  private final ResiliencePolicy breaker;
  private final ThreadPoolExecutor executor;
  private final ConcurrentHashMap<String, Stats> stats = new ConcurrentHashMap<>();
  private final AtomicLong skipped = new AtomicLong();
  private final Object budgetLock = new Object();

  /** Where every instance adds the candidate's spending; null: this process's only. */
  private final @Nullable Coordination shared;

  private final String sharedName;
  private long budgetHour = -1;
  private BigDecimal spentThisHour = BigDecimal.ZERO;

  private ShadowDatabaseClient(Builder b) {
    super(b.primary);
    this.primary = b.primary;
    this.candidate = b.candidate;
    this.sampleRate = b.sampleRate;
    this.candidateTimeout = b.candidateTimeout;
    this.recheckDelay = b.recheckDelay;
    this.hourlyBudgetUsd = b.hourlyBudgetUsd;
    this.shared = b.shared;
    this.sharedName = b.sharedName;
    this.optOut = b.optOut;
    this.dialectCheck = b.dialectCheck;
    this.clock = b.clock;
    this.breaker =
        ResiliencePolicy.builder()
            .name("shadow candidate")
            .maxAttempts(1)
            .circuitBreaker(5, Duration.ofMinutes(1))
            .retryOn(t -> true)
            .build();
    this.executor =
        new ThreadPoolExecutor(
            b.threads,
            b.threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(b.queueSize),
            new DaemonThreads("runway-shadow"),
            new ThreadPoolExecutor.AbortPolicy());
  }

  /** Returns a builder comparing {@code primary} (which serves) with {@code candidate}. */
  public static Builder builder(DatabaseClient primary, DatabaseClient candidate) {
    return new Builder(primary, candidate);
  }

  @Override
  public QueryResult execute(Query query) {
    long start = System.nanoTime();
    QueryResult result = primary.execute(query);
    long primaryNanos = System.nanoTime() - start;
    if (shouldShadow(query)) {
      try {
        executor.execute(() -> shadow(query, result, primaryNanos));
      } catch (RejectedExecutionException busy) {
        skipped.incrementAndGet();
      }
    }
    return result;
  }

  private boolean shouldShadow(Query query) {
    if (optOut.test(query)
        || sampleRate <= 0
        || ThreadLocalRandom.current().nextDouble() >= sampleRate
        || breaker.circuitState() == ResiliencePolicy.CircuitState.OPEN
        || budgetSpent()) {
      skipped.incrementAndGet();
      return false;
    }
    return true;
  }

  private String budgetKey() {
    return "shadow:" + sharedName + ":" + clock.millis() / 3_600_000L;
  }

  private boolean budgetSpent() {
    if (hourlyBudgetUsd == null) {
      return false;
    }
    if (shared != null) {
      // every instance's spending this hour, against this instance's share of the budget (all of
      // it while the store answers)
      BigDecimal spent = NanoUsd.usd(shared.get(budgetKey()));
      return spent.compareTo(hourlyBudgetUsd.multiply(BigDecimal.valueOf(shared.share()))) >= 0;
    }
    synchronized (budgetLock) {
      long hour = clock.millis() / 3_600_000L;
      if (hour != budgetHour) {
        budgetHour = hour;
        spentThisHour = BigDecimal.ZERO;
      }
      return spentThisHour.compareTo(hourlyBudgetUsd) >= 0;
    }
  }

  private void spend(BigDecimal cost) {
    if (hourlyBudgetUsd != null && shared != null) {
      shared.add(budgetKey(), NanoUsd.of(cost), Duration.ofHours(2));
      return;
    }
    if (hourlyBudgetUsd != null) {
      synchronized (budgetLock) {
        spentThisHour = spentThisHour.add(cost);
      }
    }
  }

  private void shadow(Query query, QueryResult primaryResult, long primaryNanos) {
    Stats s = stats.computeIfAbsent(fingerprint(query), k -> new Stats(abbreviate(query.sql())));
    s.primary(primaryNanos, primaryResult);
    Query bounded =
        query.timeout().filter(t -> t.compareTo(candidateTimeout) <= 0).isPresent()
            ? query
            : query.toBuilder().timeout(candidateTimeout).cacheable(false).build();
    QueryResult candidateResult;
    try {
      long start = System.nanoTime();
      candidateResult = breaker.execute(() -> candidate.execute(bounded));
      s.candidate(System.nanoTime() - start, candidateResult);
      spend(candidateResult.stats().estimatedCostUsd());
    } catch (RuntimeException e) {
      List<String> dialect = dialectFindings(query);
      if (dialect.isEmpty()) {
        s.candidateError();
      } else {
        s.dialectFailure(dialect);
      }
      LOG.debug("shadow run of {} failed on the candidate: {}", query, e.toString());
      return;
    }
    ResultComparator.Comparison first =
        comparator.compare(query.sql(), primaryResult, candidateResult);
    if (first.matches()) {
      s.match(first);
      return;
    }
    // Data may have changed between the two runs: look again before calling it a mismatch.
    try {
      if (!recheckDelay.isZero()) {
        Thread.sleep(recheckDelay.toMillis());
      }
      QueryResult p2 = primary.execute(query);
      QueryResult c2 = breaker.execute(() -> candidate.execute(bounded));
      ResultComparator.Comparison second = comparator.compare(query.sql(), p2, c2);
      if (second.matches()) {
        s.transientMismatch(second);
      } else {
        s.persistentMismatch(second, dialectFindings(query));
        LOG.warn(
            "shadow mismatch for {}: {} difference(s), first {}",
            query,
            second.differenceCount(),
            second.differences().isEmpty() ? "-" : second.differences().get(0));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      s.candidateError();
    }
  }

  private List<String> dialectFindings(Query query) {
    if (dialectCheck == null) {
      return List.of();
    }
    try {
      return List.copyOf(dialectCheck.incompatibilities(query.sql()));
    } catch (RuntimeException e) {
      LOG.debug("dialect check of {} failed: {}", query, e.toString());
      return List.of();
    }
  }

  private static String fingerprint(Query query) {
    return HexFormat.of()
        .formatHex(ParsedSql.parse(query.sql()).normalizedDigest())
        .substring(0, 16);
  }

  private static String abbreviate(String sql) {
    String flat = sql.replaceAll("\\s+", " ").trim();
    return flat.length() <= 100 ? flat : flat.substring(0, 97) + "...";
  }

  /** Returns the findings so far. */
  public ShadowReport report() {
    List<ShadowReport.QueryReport> out = new ArrayList<>();
    stats.forEach((fp, s) -> out.add(s.snapshot(fp)));
    out.sort((a, b) -> a.sql().compareTo(b.sql()));
    return new ShadowReport(List.copyOf(out), skipped.get());
  }

  /** Waits until queued shadow runs are done (for tests and reports at shutdown). */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (executor.getActiveCount() > 0 || !executor.getQueue().isEmpty()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** Stops shadowing and closes both clients. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      primary.close();
    } finally {
      candidate.close();
    }
  }

  /** Counters for one query fingerprint. */
  private static final class Stats {
    private final String sql;
    private long runs;
    private long matches;
    private long transientMismatches;
    private long persistentMismatches;
    private long candidateErrors;
    private long dialectFailures;
    private List<String> dialectFindings = List.of();
    private final Map<String, Long> forgiven = new TreeMap<>();
    private final List<Long> primaryNanos = new ArrayList<>();
    private final List<Long> candidateNanos = new ArrayList<>();
    private BigDecimal primaryCost = BigDecimal.ZERO;
    private BigDecimal candidateCost = BigDecimal.ZERO;
    private long primaryBytes;
    private long candidateBytes;
    private List<ResultComparator.Difference> lastMismatch = List.of();

    Stats(String sql) {
      this.sql = sql;
    }

    synchronized void primary(long nanos, QueryResult r) {
      primaryNanos.add(nanos);
      primaryCost = primaryCost.add(r.stats().estimatedCostUsd());
      primaryBytes += r.stats().bytesScanned().orElse(0);
    }

    synchronized void candidate(long nanos, QueryResult r) {
      candidateNanos.add(nanos);
      candidateCost = candidateCost.add(r.stats().estimatedCostUsd());
      candidateBytes += r.stats().bytesScanned().orElse(0);
    }

    synchronized void candidateError() {
      candidateErrors++;
    }

    synchronized void dialectFailure(List<String> findings) {
      dialectFailures++;
      dialectFindings = findings;
    }

    private void count(ResultComparator.Comparison c) {
      runs++;
      c.forgiven().forEach((rule, n) -> forgiven.merge(rule, (long) n, Long::sum));
    }

    synchronized void match(ResultComparator.Comparison c) {
      count(c);
      matches++;
    }

    synchronized void transientMismatch(ResultComparator.Comparison c) {
      count(c);
      matches++;
      transientMismatches++;
    }

    synchronized void persistentMismatch(ResultComparator.Comparison c, List<String> dialect) {
      count(c);
      persistentMismatches++;
      if (!dialect.isEmpty()) {
        dialectFindings = dialect;
      }
      lastMismatch = c.differences().subList(0, Math.min(5, c.differences().size()));
    }

    synchronized ShadowReport.QueryReport snapshot(String fp) {
      return new ShadowReport.QueryReport(
          fp,
          sql,
          runs,
          matches,
          transientMismatches,
          persistentMismatches,
          candidateErrors,
          dialectFailures,
          Map.copyOf(forgiven),
          percentile(primaryNanos, 50),
          percentile(primaryNanos, 95),
          percentile(candidateNanos, 50),
          percentile(candidateNanos, 95),
          primaryCost,
          candidateCost,
          primaryBytes,
          candidateBytes,
          List.copyOf(lastMismatch),
          dialectFindings);
    }

    private static double percentile(List<Long> nanos, int p) {
      if (nanos.isEmpty()) {
        return 0;
      }
      List<Long> sorted = new ArrayList<>(nanos);
      Collections.sort(sorted);
      int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, i)) / 1e6;
    }
  }

  /** Builds a {@link ShadowDatabaseClient}; not thread-safe. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("ShadowDatabaseClient.Builder");
    private final DatabaseClient primary;
    private final DatabaseClient candidate;
    private double sampleRate = 1.0;
    private Duration candidateTimeout = Duration.ofSeconds(60);
    private Duration recheckDelay = Duration.ofSeconds(5);
    private @Nullable BigDecimal hourlyBudgetUsd;
    private @Nullable Coordination shared;
    private String sharedName = "";
    private Predicate<Query> optOut = q -> q.tags().contains("no-shadow");
    private @Nullable DialectCheck dialectCheck;
    private Clock clock = Clock.systemUTC();
    private int threads = 2;
    private int queueSize = 100;

    private Builder(DatabaseClient primary, DatabaseClient candidate) {
      this.primary = Objects.requireNonNull(primary, "primary");
      this.candidate = Objects.requireNonNull(candidate, "candidate");
    }

    /** Sets the share of queries run on the candidate, 0..1 (default 1). */
    public Builder sampleRate(double rate) {
      once.check("sampleRate", rate);
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("sampleRate must be between 0 and 1, got " + rate);
      }
      this.sampleRate = rate;
      return this;
    }

    /** Sets the candidate's timeout per query (default 60 s). */
    public Builder candidateTimeout(Duration timeout) {
      once.check("candidateTimeout", timeout);
      this.candidateTimeout = Checks.positive(timeout, "candidateTimeout");
      return this;
    }

    /** Sets the delay before a mismatch is re-run (default 5 s; zero re-runs at once). */
    public Builder recheckDelay(Duration delay) {
      once.check("recheckDelay", delay);
      this.recheckDelay = Checks.nonNegative(delay, "recheckDelay");
      return this;
    }

    /**
     * Counts the hourly budget's spending on {@code coordination} under {@code name}, so that the
     * budget is the whole application's, not each instance's.
     */
    public Builder coordination(Coordination coordination, String name) {
      once.check("coordination", name);
      this.shared = Objects.requireNonNull(coordination, "coordination");
      this.sharedName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Stops sampling for the rest of the hour once the candidate's estimated cost reaches {@code
     * usd}.
     */
    public Builder hourlyBudgetUsd(BigDecimal usd) {
      once.check("hourlyBudgetUsd", usd);
      Objects.requireNonNull(usd, "usd");
      if (usd.signum() < 0) {
        throw new IllegalArgumentException("hourly budget must be >= 0, got " + usd);
      }
      this.hourlyBudgetUsd = usd;
      return this;
    }

    /**
     * Replaces the test for queries that must not be shadowed (default: tagged {@code no-shadow}).
     */
    public Builder optOut(Predicate<Query> optOut) {
      once.check("optOut", optOut);
      this.optOut = Objects.requireNonNull(optOut, "optOut");
      return this;
    }

    /**
     * Sets the check that tells a dialect problem from other candidate failures (none by default:
     * every failure is a candidate error). A failure of a query the check flags is counted as a
     * dialect failure with the check's findings; a persistent mismatch of one keeps them too.
     */
    public Builder dialectCheck(DialectCheck check) {
      once.check("dialectCheck", check);
      this.dialectCheck = Objects.requireNonNull(check, "check");
      return this;
    }

    /** Sets the clock for the hourly budget. */
    public Builder clock(Clock clock) {
      once.check("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the candidate's worker threads and queue (default 2 and 100); beyond the queue runs are
     * skipped.
     */
    public Builder executor(int threads, int queueSize) {
      once.check("executor", String.valueOf(threads) + ", " + String.valueOf(queueSize));
      if (threads < 1 || queueSize < 1) {
        throw new IllegalArgumentException(
            "threads and queueSize must be positive, got " + threads + ", " + queueSize);
      }
      this.threads = threads;
      this.queueSize = queueSize;
      return this;
    }

    /** Returns the client. */
    public ShadowDatabaseClient build() {
      return new ShadowDatabaseClient(this);
    }
  }
}
