package dev.runway.core.query;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Thrown when a query ran longer than its timeout; the query was cancelled on the engine. */
public class QueryTimeoutException extends RunwayServiceException {

  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  /** Creates the exception for a query cancelled after {@code timeout}. */
  public QueryTimeoutException(
      String engine, Duration timeout, @Nullable String queryId, @Nullable Throwable cause) {
    super(
        "query exceeded its timeout of " + timeout + " and was cancelled on " + engine,
        engine,
        ErrorCategory.TIMEOUT,
        queryId,
        cause);
    this.timeout = timeout;
  }

  /** Returns the timeout the query exceeded. */
  public Duration timeout() {
    return timeout;
  }
}
