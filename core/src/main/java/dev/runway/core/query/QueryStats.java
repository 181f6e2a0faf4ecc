package dev.runway.core.query;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * What the engine reported about one query: its id, queue and execution time, rows, bytes scanned,
 * estimated cost, and whether the result came from a cache. Immutable.
 */
public final class QueryStats {

  private final String engine;
  private final @Nullable String queryId;
  private final Duration queueTime;
  private final Duration planningTime;
  private final @Nullable Duration totalTime;
  private final Duration executionTime;
  private final long rows;
  private final long bytesScanned;
  private final BigDecimal estimatedCostUsd;
  private final boolean fromCache;

  private QueryStats(Builder b) {
    this.engine = Objects.requireNonNull(b.engine, "engine");
    this.queryId = b.queryId;
    this.queueTime = b.queueTime;
    this.planningTime = b.planningTime;
    this.totalTime = b.totalTime;
    this.executionTime = b.executionTime;
    this.rows = b.rows;
    this.bytesScanned = b.bytesScanned;
    this.estimatedCostUsd = b.estimatedCostUsd;
    this.fromCache = b.fromCache;
  }

  /** Returns a builder for stats of the named engine. */
  public static Builder builder(String engine) {
    return new Builder(engine);
  }

  /** Returns a builder initialised with these stats. */
  public Builder toBuilder() {
    Builder b = new Builder(engine);
    b.queryId = queryId;
    b.queueTime = queueTime;
    b.planningTime = planningTime;
    b.totalTime = totalTime;
    b.executionTime = executionTime;
    b.rows = rows;
    b.bytesScanned = bytesScanned;
    b.estimatedCostUsd = estimatedCostUsd;
    b.fromCache = fromCache;
    return b;
  }

  /** Returns the engine that ran the query, such as {@code duckdb} or {@code athena}. */
  public String engine() {
    return engine;
  }

  /** Returns the engine's id for the query. */
  public Optional<String> queryId() {
    return Optional.ofNullable(queryId);
  }

  /** Returns the time the query waited in the engine's queue ({@link Duration#ZERO} if unknown). */
  public Duration queueTime() {
    return queueTime;
  }

  /** Returns the time the engine spent planning the query ({@link Duration#ZERO} if unknown). */
  public Duration planningTime() {
    return planningTime;
  }

  /**
   * Returns the time from submission to completion as the engine reports it (Athena's total
   * execution time, which also counts its service processing), or else queue + planning +
   * execution.
   */
  public Duration totalTime() {
    return totalTime != null ? totalTime : queueTime.plus(planningTime).plus(executionTime);
  }

  /**
   * Returns the time the engine spent running the query, as measured by the engine or client; zero
   * for a result served from a cache.
   */
  public Duration executionTime() {
    return executionTime;
  }

  /** Returns the number of rows returned. */
  public long rows() {
    return rows;
  }

  /** Returns the bytes the engine scanned, when the engine reports it. */
  public OptionalLong bytesScanned() {
    return bytesScanned < 0 ? OptionalLong.empty() : OptionalLong.of(bytesScanned);
  }

  /**
   * Returns the estimated cost in US dollars (zero for an embedded engine or a cache hit). It is an
   * estimate, not a bill line: Athena's is exact for the bytes scanned it reports; Redshift
   * Serverless bills the workgroup, and a statement's figure is its share of the workgroup's active
   * time (the unused part of each 60-second minimum is charged to no statement); a provisioned
   * cluster's statements cost zero here, the cluster being billed by the hour whatever runs.
   */
  public BigDecimal estimatedCostUsd() {
    return estimatedCostUsd;
  }

  /** Returns whether the result was served from a cache rather than the engine. */
  public boolean fromCache() {
    return fromCache;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QueryStats s
        && rows == s.rows
        && bytesScanned == s.bytesScanned
        && fromCache == s.fromCache
        && engine.equals(s.engine)
        && Objects.equals(queryId, s.queryId)
        && queueTime.equals(s.queueTime)
        && executionTime.equals(s.executionTime)
        && estimatedCostUsd.compareTo(s.estimatedCostUsd) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(engine, queryId, queueTime, executionTime, rows, bytesScanned, fromCache);
  }

  @Override
  public String toString() {
    return "QueryStats{engine="
        + engine
        + ", queryId="
        + queryId
        + ", queue="
        + queueTime
        + (planningTime.isZero() ? "" : ", planning=" + planningTime)
        + ", execution="
        + executionTime
        + ", rows="
        + rows
        + (bytesScanned >= 0 ? ", bytesScanned=" + bytesScanned : "")
        + ", costUsd="
        + estimatedCostUsd.toPlainString()
        + ", fromCache="
        + fromCache
        + "}";
  }

  /** Builds {@link QueryStats}; not thread-safe. */
  public static final class Builder {
    private final String engine;
    private @Nullable String queryId;
    private Duration queueTime = Duration.ZERO;
    private Duration planningTime = Duration.ZERO;
    private @Nullable Duration totalTime;
    private Duration executionTime = Duration.ZERO;
    private long rows;
    private long bytesScanned = -1;
    private BigDecimal estimatedCostUsd = BigDecimal.ZERO;
    private boolean fromCache;

    private Builder(String engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** Sets the engine's query id. */
    public Builder queryId(@Nullable String queryId) {
      this.queryId = queryId;
      return this;
    }

    /** Sets the queue time. */
    public Builder queueTime(Duration queueTime) {
      this.queueTime = requireNonNegative(queueTime, "queueTime");
      return this;
    }

    /** Sets the planning time. */
    public Builder planningTime(Duration planningTime) {
      this.planningTime = requireNonNegative(planningTime, "planningTime");
      return this;
    }

    /** Sets the total time as the engine reports it. */
    public Builder totalTime(Duration totalTime) {
      this.totalTime = requireNonNegative(totalTime, "totalTime");
      return this;
    }

    /** Sets the execution time. */
    public Builder executionTime(Duration executionTime) {
      this.executionTime = requireNonNegative(executionTime, "executionTime");
      return this;
    }

    /** Sets the number of rows returned. */
    public Builder rows(long rows) {
      if (rows < 0) {
        throw new IllegalArgumentException("rows must be >= 0, got " + rows);
      }
      this.rows = rows;
      return this;
    }

    /** Sets the bytes scanned; a negative value means unknown. */
    public Builder bytesScanned(long bytesScanned) {
      this.bytesScanned = bytesScanned < 0 ? -1 : bytesScanned;
      return this;
    }

    /** Sets the estimated cost in US dollars. */
    public Builder estimatedCostUsd(BigDecimal cost) {
      Objects.requireNonNull(cost, "cost");
      if (cost.signum() < 0) {
        throw new IllegalArgumentException("cost must be >= 0, got " + cost);
      }
      this.estimatedCostUsd = cost;
      return this;
    }

    /** Marks the result as served from a cache. */
    public Builder fromCache(boolean fromCache) {
      this.fromCache = fromCache;
      return this;
    }

    /** Returns the stats. */
    public QueryStats build() {
      return new QueryStats(this);
    }

    private static Duration requireNonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, got " + d);
      }
      return d;
    }
  }
}
