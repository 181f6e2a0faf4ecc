package dev.runway.core.cost;

import dev.runway.core.query.Query;
import java.util.OptionalLong;

/**
 * Estimates, before a query runs, how many bytes it will scan: Athena's {@code EXPLAIN (TYPE IO)},
 * say. Used by {@link ScanBudgetDatabaseClient}. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ScanEstimator {

  /**
   * Returns the estimated bytes {@code query} will scan, or empty when the engine gives no
   * estimate.
   *
   * @throws dev.runway.core.error.RunwayException when the estimate itself fails
   */
  OptionalLong estimateBytes(Query query);
}
