/**
 * What queries cost: a daily {@link dev.runway.core.cost.CostTracker}, the engine
 * {@link dev.runway.core.cost.WorkloadAdvisor}, and the per-query scan budget
 * ({@link dev.runway.core.cost.ScanBudgetDatabaseClient} over any engine that reports bytes scanned,
 * with an optional {@link dev.runway.core.cost.ScanEstimator}).
 */
@NullMarked
package dev.runway.core.cost;

import org.jspecify.annotations.NullMarked;
