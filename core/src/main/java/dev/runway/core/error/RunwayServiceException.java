package dev.runway.core.error;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a backend (database engine, cache, session store, identity provider) failed to serve
 * a request. {@link #retryable()} says whether sending the same request again may work.
 */
public class RunwayServiceException extends RunwayException {

  private static final long serialVersionUID = 1L;

  private final String engine;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param engine the backend that failed, such as {@code duckdb} or {@code athena}
   * @param category the normalised category, which decides retryability
   * @param queryId the engine's query id, or {@code null}
   * @param cause the backend's own exception, or {@code null}
   */
  public RunwayServiceException(
      String message,
      String engine,
      ErrorCategory category,
      @Nullable String queryId,
      @Nullable Throwable cause) {
    super(message, category, queryId, cause);
    this.engine = engine;
  }

  /** Returns the name of the backend that failed. */
  public String engine() {
    return engine;
  }
}
