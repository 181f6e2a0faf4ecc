package dev.runway.core.query;

import java.time.Duration;

/**
 * Told about every query a {@link ListeningDatabaseClient} runs: for metrics, logs and cost
 * tracking. Called on the querying thread after the query; must be fast and thread-safe. An
 * exception thrown by a listener is logged and never reaches the caller.
 */
public interface QueryListener {

  /** Called after a query succeeded (including cache hits, marked in the stats). */
  default void onSuccess(Query query, QueryStats stats) {}

  /** Called after a query failed. */
  default void onFailure(Query query, RuntimeException failure, Duration elapsed) {}
}
