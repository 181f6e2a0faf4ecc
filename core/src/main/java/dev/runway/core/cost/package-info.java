/**
 * What queries cost: a daily {@link dev.runway.core.cost.CostTracker} and the per-query scan budget
 * ({@link dev.runway.core.cost.ScanBudgetDatabaseClient} over any engine that reports bytes
 * scanned, with an optional {@link dev.runway.core.cost.ScanEstimator}). The engine cost advisor,
 * which carries AWS list prices, is in runway-migrate.
 */
@NullMarked
package dev.runway.core.cost;

import org.jspecify.annotations.NullMarked;
