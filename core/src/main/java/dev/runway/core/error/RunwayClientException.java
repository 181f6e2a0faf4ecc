package dev.runway.core.error;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the request or the configuration is wrong: the caller must change something before
 * trying again.
 */
public class RunwayClientException extends RunwayException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the problem and the fix. */
  public RunwayClientException(String message) {
    this(message, null);
  }

  /** Creates the exception with a message and the underlying cause. */
  public RunwayClientException(String message, @Nullable Throwable cause) {
    super(message, ErrorCategory.USER_ERROR, null, cause);
  }

  /**
   * Creates the exception with an explicit category (for example {@link ErrorCategory#CONFLICT}).
   */
  protected RunwayClientException(
      String message, ErrorCategory category, @Nullable Throwable cause) {
    super(message, category, null, cause);
  }
}
