package dev.runway.micrometer;

import dev.runway.core.query.Query;
import dev.runway.core.query.QueryStats;
import io.micrometer.observation.Observation;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a query observation knows: the query, the engine, and, once it ended, its statistics or its
 * failure. Read by {@link QueryObservationConvention}s and observation handlers.
 */
public final class QueryContext extends Observation.Context {

  private final Query query;
  private final String engine;
  private final String label;
  private @Nullable QueryStats stats;
  private final String operation;

  QueryContext(Query query, String engine, String label, String operation) {
    this.query = Objects.requireNonNull(query, "query");
    this.engine = engine;
    this.label = label;
    this.operation = operation;
  }

  /**
   * Returns the query (its SQL and parameters are never used as key values by the default
   * convention).
   */
  public Query query() {
    return query;
  }

  /** Returns the engine's name, e.g. {@code athena}. */
  public String engine() {
    return engine;
  }

  /** Returns the query's label, bounded: past the cap of distinct labels it reads {@code other}. */
  public String boundedLabel() {
    return label;
  }

  /** Returns how the query was run: {@code execute}, {@code stream} or {@code async}. */
  public String operation() {
    return operation;
  }

  /** Returns the statistics of a query that succeeded, else null. */
  public @Nullable QueryStats stats() {
    return stats;
  }

  void setStats(QueryStats stats) {
    this.stats = stats;
  }
}
