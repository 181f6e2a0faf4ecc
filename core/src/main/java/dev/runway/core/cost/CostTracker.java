package dev.runway.core.cost;

import dev.runway.core.query.Query;
import dev.runway.core.query.QueryListener;
import dev.runway.core.query.QueryStats;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Adds up the estimated cost of the queries it hears about, per UTC day, per label, per cache
 * scope (persona) and per engine, and raises an alert once a day when the day's total crosses a
 * budget. Cache hits count as queries with no cost. Thread-safe. Register it with
 * {@code Runway.builder().listener(tracker)} or {@link dev.runway.core.query.ListeningDatabaseClient}.
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
  public record DailyCost(LocalDate date, BigDecimal totalUsd, long queries, long cacheHits, long bytesScanned,
      Map<String, BigDecimal> byLabel, Map<String, BigDecimal> byScope, Map<String, BigDecimal> byEngine) {}

  /**
   * Raised once per day when the day's cost crosses the budget.
   *
   * @param date the day
   * @param budgetUsd the budget
   * @param spentUsd the total when it was crossed
   */
  public record BudgetAlert(LocalDate date, BigDecimal budgetUsd, BigDecimal spentUsd) {}

  private final Clock clock;
  private final BigDecimal dailyBudgetUsd;
  private final Consumer<BudgetAlert> onBudgetExceeded;
  private LocalDate day;
  private BigDecimal total = BigDecimal.ZERO;
  private long queries;
  private long hits;
  private long bytes;
  private Map<String, BigDecimal> byLabel = new TreeMap<>();
  private Map<String, BigDecimal> byScope = new TreeMap<>();
  private Map<String, BigDecimal> byEngine = new TreeMap<>();
  private boolean alerted;

  private CostTracker(Clock clock, BigDecimal dailyBudgetUsd, Consumer<BudgetAlert> onBudgetExceeded) {
    this.clock = clock;
    this.dailyBudgetUsd = dailyBudgetUsd;
    this.onBudgetExceeded = onBudgetExceeded;
    this.day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  /** Returns a tracker without a budget. */
  public static CostTracker create() {
    return new CostTracker(Clock.systemUTC(), null, a -> { });
  }

  /**
   * Returns a tracker that calls {@code onBudgetExceeded} once a day when the day's cost reaches
   * {@code dailyBudgetUsd}.
   */
  public static CostTracker withDailyBudget(BigDecimal dailyBudgetUsd, Consumer<BudgetAlert> onBudgetExceeded,
      Clock clock) {
    Objects.requireNonNull(dailyBudgetUsd, "dailyBudgetUsd");
    if (dailyBudgetUsd.signum() < 0) {
      throw new IllegalArgumentException("daily budget must be >= 0, got " + dailyBudgetUsd);
    }
    return new CostTracker(Objects.requireNonNull(clock, "clock"), dailyBudgetUsd,
        Objects.requireNonNull(onBudgetExceeded, "onBudgetExceeded"));
  }

  @Override
  public void onSuccess(Query query, QueryStats stats) {
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

  /** Returns today's totals. */
  public synchronized DailyCost today() {
    rollOver();
    return new DailyCost(day, total, queries, hits, bytes, Map.copyOf(byLabel), Map.copyOf(byScope),
        Map.copyOf(byEngine));
  }

  @Override
  public String toString() {
    return "CostTracker{budget=" + dailyBudgetUsd + "}";
  }
}
