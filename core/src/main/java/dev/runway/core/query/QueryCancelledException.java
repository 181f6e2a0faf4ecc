package dev.runway.core.query;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;
import org.jspecify.annotations.Nullable;

/** Thrown to the caller of a query that was cancelled while it ran. */
public class QueryCancelledException extends RunwayServiceException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public QueryCancelledException(
      String engine, @Nullable String queryId, @Nullable Throwable cause) {
    super("query was cancelled", engine, ErrorCategory.CANCELLED, queryId, cause);
  }
}
