package dev.runway.core.query;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when the engine rejected or failed a query (syntax error, missing table, engine fault).
 */
public class QueryFailedException extends RunwayServiceException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link RunwayServiceException}. */
  public QueryFailedException(
      String message,
      String engine,
      ErrorCategory category,
      @Nullable String queryId,
      @Nullable Throwable cause) {
    super(message, engine, category, queryId, cause);
  }
}
