package dev.runway.core.cost;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.runway.core.internal.SetOnce;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.RowStream;
import dev.runway.core.sql.ParsedSql;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Refuses, before it runs, a query that would scan more than a per-query budget: one that scanned
 * more the last time it ran (same normalised SQL, whatever its parameters) or, with a {@link
 * ScanEstimator}, whose estimate is over the budget. Works over any engine whose {@link
 * dev.runway.core.query.QueryStats} report bytes scanned (Athena); a result served from a cache is
 * not a scan and is not recorded. Thread-safe.
 *
 * <pre>{@code
 * AthenaDatabaseClient athena = AthenaDatabaseClient.builder()...build();
 * DatabaseClient guarded = ScanBudgetDatabaseClient.builder(athena)
 *     .budgetBytes(10L << 30)                 // 10 GiB
 *     .estimator(athena.scanEstimator())      // optional: one EXPLAIN per query
 *     .build();
 * }</pre>
 *
 * <p>Only {@link #execute} and {@link #executeAsync} record what a query scanned ({@link #stream}
 * carries no statistics); all three check the budget.
 */
public final class ScanBudgetDatabaseClient extends ForwardingDatabaseClient {

  private final long budget;
  private final @Nullable ScanEstimator estimator;
  private final Cache<String, Long> observed;

  private ScanBudgetDatabaseClient(Builder b) {
    super(b.delegate);
    this.budget = b.budget;
    this.estimator = b.estimator;
    this.observed = Caffeine.newBuilder().maximumSize(b.remembered).build();
  }

  /** Returns a builder over {@code delegate}. */
  public static Builder builder(DatabaseClient delegate) {
    return new Builder(delegate);
  }

  /** Returns the budget in bytes. */
  public long budgetBytes() {
    return budget;
  }

  @Override
  public QueryResult execute(Query query) {
    String fingerprint = check(query);
    QueryResult r = delegate().execute(query);
    record(fingerprint, r);
    return r;
  }

  @Override
  public RowStream stream(Query query) {
    check(query);
    return delegate().stream(query);
  }

  @Override
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    String fingerprint = check(query);
    CompletableFuture<QueryResult> f = delegate().executeAsync(query);
    f.thenAccept(r -> record(fingerprint, r));
    return f; // the delegate's own future, so that cancelling it reaches the engine
  }

  private String check(Query query) {
    Objects.requireNonNull(query, "query");
    String fingerprint = HexFormat.of().formatHex(ParsedSql.parse(query.sql()).normalizedDigest());
    String name = query.label().orElse(fingerprint.substring(0, 12));
    Long last = observed.getIfPresent(fingerprint);
    if (last != null && last > budget) {
      throw new ScanBudgetExceededException(
          "query "
              + name
              + " scanned "
              + human(last)
              + " when it last ran, over the per-query scan budget of "
              + human(budget)
              + "; narrow it (partitions, fewer columns) or raise scan-budget",
          last,
          budget);
    }
    if (estimator != null) {
      OptionalLong estimate = estimator.estimateBytes(query);
      if (estimate.isPresent() && estimate.getAsLong() > budget) {
        throw new ScanBudgetExceededException(
            "query "
                + name
                + " is estimated to scan "
                + human(estimate.getAsLong())
                + ", over the per-query scan budget of "
                + human(budget)
                + "; narrow it (partitions, fewer columns) or raise scan-budget",
            estimate.getAsLong(),
            budget);
      }
    }
    return fingerprint;
  }

  private void record(String fingerprint, QueryResult r) {
    if (!r.stats().fromCache() && r.stats().bytesScanned().isPresent()) {
      observed.put(fingerprint, r.stats().bytesScanned().getAsLong());
    }
  }

  static String human(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    if (bytes >= 1L << 20) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
    return bytes + " bytes";
  }

  @Override
  public String toString() {
    return "ScanBudgetDatabaseClient{budget="
        + human(budget)
        + ", estimator="
        + (estimator != null)
        + ", delegate="
        + delegate()
        + "}";
  }

  /** Builds a {@link ScanBudgetDatabaseClient}; not thread-safe. Each setting may be given once. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("ScanBudgetDatabaseClient.Builder");
    private final DatabaseClient delegate;
    private long budget;
    private @Nullable ScanEstimator estimator;
    private int remembered = 10_000;

    private Builder(DatabaseClient delegate) {
      this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Sets the per-query budget in bytes (required). */
    public Builder budgetBytes(long bytes) {
      once.check("budgetBytes", bytes);
      if (bytes <= 0) {
        throw new IllegalArgumentException("scan budget must be > 0 bytes, got " + bytes);
      }
      this.budget = bytes;
      return this;
    }

    /** Also refuses a query whose estimate is over the budget (one estimate per query). */
    public Builder estimator(ScanEstimator estimator) {
      once.check("estimator", estimator);
      this.estimator = Objects.requireNonNull(estimator, "estimator");
      return this;
    }

    /** Sets how many distinct queries' last scans are remembered (default 10,000). */
    public Builder remembered(int queries) {
      once.check("remembered", queries);
      if (queries < 1) {
        throw new IllegalArgumentException("remembered must be >= 1, got " + queries);
      }
      this.remembered = queries;
      return this;
    }

    /** Returns the decorator. */
    public ScanBudgetDatabaseClient build() {
      if (budget <= 0) {
        throw new IllegalStateException("budgetBytes is required");
      }
      return new ScanBudgetDatabaseClient(this);
    }
  }
}
