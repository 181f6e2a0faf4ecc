package dev.runway.core.cost;

import dev.runway.core.error.RunwayClientException;

/**
 * Thrown before a query is sent when it would scan more than the client's per-query budget: its
 * estimate (from the engine's EXPLAIN) or the bytes it scanned when it last ran are over the limit.
 * The message names both figures.
 */
public class ScanBudgetExceededException extends RunwayClientException {

  private static final long serialVersionUID = 1L;

  private final long estimatedBytes;
  private final long budgetBytes;

  /** Creates the exception. */
  public ScanBudgetExceededException(String message, long estimatedBytes, long budgetBytes) {
    super(message);
    this.estimatedBytes = estimatedBytes;
    this.budgetBytes = budgetBytes;
  }

  /** Returns the bytes the query is expected to scan. */
  public long estimatedBytes() {
    return estimatedBytes;
  }

  /** Returns the per-query budget in bytes. */
  public long budgetBytes() {
    return budgetBytes;
  }
}
