package dev.runway.core.error;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Base of every exception Runway throws; unchecked.
 *
 * <p>Two branches say whose problem it is: {@link RunwayClientException} (the request or the
 * configuration is wrong, retrying it unchanged cannot help) and {@link RunwayServiceException}
 * (the backend failed; {@link #retryable()} tells whether the same request may succeed later). Each
 * exception carries the engine's query id when one exists, so a failure can be found in the
 * engine's own console. Messages never contain passwords, tokens or other secrets.
 */
public class RunwayException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCategory category;
  private final @Nullable String queryId;

  /**
   * Creates an exception with a category and optional query id.
   *
   * @param message what went wrong and, where possible, how to fix it
   * @param category the normalised error category
   * @param queryId the engine's query id, or {@code null} when there is none
   * @param cause the underlying exception, or {@code null}
   */
  public RunwayException(
      String message, ErrorCategory category, @Nullable String queryId, @Nullable Throwable cause) {
    super(message, cause);
    this.category = category == null ? ErrorCategory.INTERNAL : category;
    this.queryId = queryId;
  }

  /** Returns the normalised category of the failure. */
  public ErrorCategory category() {
    return category;
  }

  /** Returns the engine's id of the failed query, when the query had reached the engine. */
  public Optional<String> queryId() {
    return Optional.ofNullable(queryId);
  }

  /** Returns whether the same request may succeed if it is sent again later. */
  public boolean retryable() {
    return category.retryable();
  }

  @Override
  public String getMessage() {
    String message = Objects.requireNonNullElse(super.getMessage(), "");
    return queryId == null ? message : message + " [query id " + queryId + "]";
  }
}
