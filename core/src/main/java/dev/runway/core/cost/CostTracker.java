package dev.runway.core.cost;

import dev.runway.core.coordination.Coordination;
import dev.runway.core.internal.NanoUsd;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryListener;
import dev.runway.core.query.QueryStats;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Adds up the estimated cost of the queries it hears about, per UTC day, per label, per cache scope
 * (persona) and per engine, and raises an alert once a day when the day's total crosses a budget.
 * Cache hits count as queries with no cost. Thread-safe. Register it with {@code
 * Runway.builder().listener(tracker)} or {@link dev.runway.core.query.ListeningDatabaseClient}.
 */
public final class CostTracker implements QueryListener {

  /**
   * One day's totals.
   *
   * @param date the UTC day
   * @param totalUsd estimated cost
   * @param queries queries run (including cache hits)
   * @param cacheHits queries answered by the cache
   * @param bytesScanned bytes scanned where engines report it
   * @param byLabel cost per query label ({@code (none)} for unlabelled)
   * @param byScope cost per cache scope ({@code (none)} for unscoped)
   * @param byEngine cost per engine
   */
  public record DailyCost(
      LocalDate date,
      BigDecimal totalUsd,
      long queries,
      long cacheHits,
      long bytesScanned,
      Map<String, BigDecimal> byLabel,
      Map<String, BigDecimal> byScope,
      Map<String, BigDecimal> byEngine) {}

  /**
   * Raised once per day when the day's cost crosses the budget.
   *
   * @param date the day
   * @param budgetUsd the budget
   * @param spentUsd the total when it was crossed
   */
  public record BudgetAlert(LocalDate date, BigDecimal budgetUsd, BigDecimal spentUsd) {}

  private final Clock clock;
  private final @Nullable BigDecimal dailyBudgetUsd;
  private final Consumer<BudgetAlert> onBudgetExceeded;

  /** Where every instance adds its costs; null: this process's totals only. */
  private final @Nullable Supplier<Coordination> shared;

  /**
   * The label, scope and engine names this instance has registered today (one write per new name).
   */
  private volatile Set<String> registered = ConcurrentHashMap.newKeySet();

  private volatile @Nullable LocalDate registeredDay;
  private LocalDate day;
  private BigDecimal total = BigDecimal.ZERO;
  private long queries;
  private long hits;
  private long bytes;
  private Map<String, BigDecimal> byLabel = new TreeMap<>();
  private Map<String, BigDecimal> byScope = new TreeMap<>();
  private Map<String, BigDecimal> byEngine = new TreeMap<>();
  private boolean alerted;

  private CostTracker(
      Clock clock, @Nullable BigDecimal dailyBudgetUsd, Consumer<BudgetAlert> onBudgetExceeded) {
    this(clock, dailyBudgetUsd, onBudgetExceeded, null);
  }

  private CostTracker(
      Clock clock,
      @Nullable BigDecimal dailyBudgetUsd,
      Consumer<BudgetAlert> onBudgetExceeded,
      @Nullable Supplier<Coordination> shared) {
    this.shared = shared;
    this.clock = clock;
    this.dailyBudgetUsd = dailyBudgetUsd;
    this.onBudgetExceeded = onBudgetExceeded;
    this.day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  /** Returns a tracker without a budget. */
  public static CostTracker create() {
    return new CostTracker(Clock.systemUTC(), null, a -> {});
  }

  /**
   * Returns a tracker that calls {@code onBudgetExceeded} once a day when the day's cost reaches
   * {@code dailyBudgetUsd}.
   */
  public static CostTracker withDailyBudget(
      BigDecimal dailyBudgetUsd, Consumer<BudgetAlert> onBudgetExceeded, Clock clock) {
    Objects.requireNonNull(dailyBudgetUsd, "dailyBudgetUsd");
    if (dailyBudgetUsd.signum() < 0) {
      throw new IllegalArgumentException("daily budget must be >= 0, got " + dailyBudgetUsd);
    }
    return new CostTracker(
        Objects.requireNonNull(clock, "clock"),
        dailyBudgetUsd,
        Objects.requireNonNull(onBudgetExceeded, "onBudgetExceeded"));
  }

  /**
   * Returns a tracker whose totals are every instance's: each query's cost, count and bytes are
   * added to counters on {@code coordination} (asked for when the first query is heard, so it may
   * be the {@code Runway}'s, built after the tracker), {@link #today()} reads them back, and the
   * budget alert is raised once a day by whichever instance crosses it. While the shared store is
   * down the tracker counts this instance's queries and compares them with its share of the budget.
   *
   * @param dailyBudgetUsd the budget, or null for none
   */
  public static CostTracker shared(
      Supplier<Coordination> coordination,
      @Nullable BigDecimal dailyBudgetUsd,
      Consumer<BudgetAlert> onBudgetExceeded,
      Clock clock) {
    Objects.requireNonNull(coordination, "coordination");
    if (dailyBudgetUsd != null && dailyBudgetUsd.signum() < 0) {
      throw new IllegalArgumentException("daily budget must be >= 0, got " + dailyBudgetUsd);
    }
    return new CostTracker(
        Objects.requireNonNull(clock, "clock"),
        dailyBudgetUsd,
        Objects.requireNonNull(onBudgetExceeded, "onBudgetExceeded"),
        coordination);
  }

  private static final Duration KEEP = Duration.ofDays(2);

  private static String k(LocalDate day, String what) {
    return "cost:" + day + ":" + what;
  }

  private void addShared(Query query, QueryStats stats) {
    Coordination c = Objects.requireNonNull(shared).get();
    LocalDate d = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    long nanos = NanoUsd.of(stats.estimatedCostUsd());
    long total = c.add(k(d, "total"), nanos, KEEP);
    c.add(k(d, "queries"), 1, KEEP);
    if (stats.fromCache()) {
      c.add(k(d, "hits"), 1, KEEP);
    }
    stats.bytesScanned().ifPresent(b -> c.add(k(d, "bytes"), b, KEEP));
    for (String[] part :
        new String[][] {
          {"label", query.label().orElse("(none)")},
          {"scope", query.cacheScope().orElse("(none)")},
          {"engine", stats.engine()}
        }) {
      c.add(k(d, part[0] + "=" + part[1]), nanos, KEEP);
      if (!d.equals(registeredDay)) {
        registered = ConcurrentHashMap.newKeySet(); // yesterday's names need no memory
        registeredDay = d;
      }
      if (registered.add(part[0] + "=" + part[1])) {
        appendName(c, k(d, part[0] + "s"), part[1]);
      }
    }
    if (dailyBudgetUsd != null) {
      BigDecimal spent = NanoUsd.usd(total);
      BigDecimal limit = dailyBudgetUsd.multiply(BigDecimal.valueOf(c.share()));
      if (spent.compareTo(limit) >= 0 && c.replace(k(d, "alerted"), Optional.empty(), "1", KEEP)) {
        onBudgetExceeded.accept(new BudgetAlert(d, dailyBudgetUsd, spent));
      }
    }
  }

  /**
   * Adds a name to the day's list of names (a record every instance appends to with
   * compare-and-set).
   */
  private static void appendName(Coordination c, String key, String name) {
    for (int attempt = 0; attempt < 20; attempt++) {
      Optional<String> cur = c.read(key);
      List<String> names = cur.map(v -> List.of(v.split("\n"))).orElse(List.of());
      if (names.contains(name)) {
        return;
      }
      String next = cur.map(v -> v + "\n" + name).orElse(name);
      if (c.replace(key, cur, next, KEEP)) {
        return;
      }
    }
  }

  private DailyCost sharedToday() {
    Coordination c = Objects.requireNonNull(shared).get();
    LocalDate d = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    Map<String, Map<String, BigDecimal>> parts = new HashMap<>();
    for (String part : new String[] {"label", "scope", "engine"}) {
      Map<String, BigDecimal> m = new TreeMap<>();
      for (String name :
          c.read(k(d, part + "s")).map(v -> List.of(v.split("\n"))).orElse(List.of())) {
        m.put(name, usd(c.get(k(d, part + "=" + name))));
      }
      parts.put(part, Map.copyOf(m));
    }
    return new DailyCost(
        d,
        usd(c.get(k(d, "total"))),
        c.get(k(d, "queries")),
        c.get(k(d, "hits")),
        c.get(k(d, "bytes")),
        parts.getOrDefault("label", Map.of()),
        parts.getOrDefault("scope", Map.of()),
        parts.getOrDefault("engine", Map.of()));
  }

  private static BigDecimal usd(long nanos) {
    return NanoUsd.usd(nanos).stripTrailingZeros();
  }

  @Override
  public void onSuccess(Query query, QueryStats stats) {
    if (shared != null) {
      addShared(query, stats);
      return;
    }
    BudgetAlert alert = null;
    synchronized (this) {
      rollOver();
      BigDecimal cost = stats.estimatedCostUsd();
      queries++;
      if (stats.fromCache()) {
        hits++;
      }
      bytes += stats.bytesScanned().orElse(0);
      total = total.add(cost);
      byLabel.merge(query.label().orElse("(none)"), cost, BigDecimal::add);
      byScope.merge(query.cacheScope().orElse("(none)"), cost, BigDecimal::add);
      byEngine.merge(stats.engine(), cost, BigDecimal::add);
      if (dailyBudgetUsd != null && !alerted && total.compareTo(dailyBudgetUsd) >= 0) {
        alerted = true;
        alert = new BudgetAlert(day, dailyBudgetUsd, total);
      }
    }
    if (alert != null) {
      onBudgetExceeded.accept(alert); // outside the lock: the callback may be slow
    }
  }

  private void rollOver() {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    if (!today.equals(day)) {
      day = today;
      total = BigDecimal.ZERO;
      queries = 0;
      hits = 0;
      bytes = 0;
      byLabel = new TreeMap<>();
      byScope = new TreeMap<>();
      byEngine = new TreeMap<>();
      alerted = false;
    }
  }

  /** Returns today's totals: every instance's for a shared tracker, this one's otherwise. */
  public synchronized DailyCost today() {
    if (shared != null) {
      return sharedToday();
    }
    rollOver();
    return new DailyCost(
        day,
        total,
        queries,
        hits,
        bytes,
        Map.copyOf(byLabel),
        Map.copyOf(byScope),
        Map.copyOf(byEngine));
  }

  @Override
  public String toString() {
    return "CostTracker{budget=" + dailyBudgetUsd + "}";
  }
}
