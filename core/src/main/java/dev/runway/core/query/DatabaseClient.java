package dev.runway.core.query;

import dev.runway.core.health.Health;
import java.util.concurrent.CompletableFuture;

/**
 * Runs SQL against one analytical engine: embedded DuckDB, any JDBC database, Amazon Athena or
 * Amazon Redshift. Implementations are thread-safe; one instance is shared by the application.
 *
 * <p>Parameters are bound by the engine, never spliced into the SQL. Values are normalised to the
 * Java types of {@link ColumnType}, so results from two engines compare. Failures are thrown as
 * {@link dev.runway.core.error.RunwayException}s: {@link QueryFailedException} (with a category
 * that says whether a retry may help), {@link QueryTimeoutException}, {@link
 * QueryCancelledException}, {@link InvalidQueryException}.
 */
public interface DatabaseClient extends AutoCloseable {

  /** Returns the engine's name, such as {@code duckdb}, {@code postgresql} or {@code athena}. */
  String engine();

  /**
   * Runs the query and returns its complete result. Blocks until the result is read.
   *
   * @throws QueryTimeoutException if the query's timeout passes; the query is cancelled
   * @throws InvalidQueryException if a parameter is missing, unused or of an unsupported type
   * @throws QueryFailedException if the engine fails the query
   */
  QueryResult execute(Query query);

  /** Runs SQL without parameters; see {@link #execute(Query)}. */
  default QueryResult execute(String sql) {
    return execute(Query.of(sql));
  }

  /**
   * Starts the query and returns a stream over its rows, holding constant memory however large the
   * result. The caller must close the stream.
   */
  RowStream stream(Query query);

  /**
   * Runs the query without blocking the caller. Cancelling the returned future with {@code
   * cancel(true)} cancels the query on the engine.
   */
  CompletableFuture<QueryResult> executeAsync(Query query);

  /**
   * Cancels a running query by its engine query id.
   *
   * @return whether a running query with that id was found and asked to stop
   */
  boolean cancel(String queryId);

  /** Reports whether the engine answers; runs a trivial query. Never throws. */
  default Health health() {
    String component = "database:" + engine();
    try {
      execute(Query.builder("SELECT 1").cacheable(false).build());
      return Health.up(component);
    } catch (RuntimeException e) {
      return Health.down(component, e.getMessage());
    }
  }

  /** Releases connections and threads; running queries are cancelled. Idempotent. */
  @Override
  void close();

  /**
   * Returns what the client is doing now (queries running and queued, status calls), for metrics
   * binders; empty for clients that do not track it. Never blocks, never calls the engine.
   */
  default java.util.Optional<EngineMetrics> engineMetrics() {
    return java.util.Optional.empty();
  }
}
