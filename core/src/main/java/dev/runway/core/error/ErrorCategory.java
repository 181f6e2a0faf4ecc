package dev.runway.core.error;

/** Normalised category of a failure, the same across engines and backends. */
public enum ErrorCategory {
  /** The request is wrong (bad SQL, bad parameter, bad configuration); do not retry it. */
  USER_ERROR(false),
  /** A transient failure of the service or the network; retrying may succeed. */
  TRANSIENT(true),
  /** The service refused the request because of a rate or concurrency limit; retry later. */
  THROTTLED(true),
  /** The request took longer than its timeout and was cancelled. */
  TIMEOUT(false),
  /** The request was cancelled by the caller. */
  CANCELLED(false),
  /** An optimistic-concurrency conflict: the state changed since it was read. */
  CONFLICT(false),
  /** The backend cannot be reached or is not healthy. */
  UNAVAILABLE(true),
  /** An unexpected failure inside the service or Runway itself. */
  INTERNAL(false);

  private final boolean retryable;

  ErrorCategory(boolean retryable) {
    this.retryable = retryable;
  }

  /** Returns whether failures of this category are worth retrying unchanged. */
  public boolean retryable() {
    return retryable;
  }
}
