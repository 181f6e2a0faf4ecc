package dev.runway.core.query;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;

/**
 * Thrown when the engine rejected or failed a query (syntax error, missing table, engine fault).
 */
public class QueryFailedException extends RunwayServiceException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link RunwayServiceException}. */
  public QueryFailedException(
      String message, String engine, ErrorCategory category, String queryId, Throwable cause) {
    super(message, engine, category, queryId, cause);
  }
}
