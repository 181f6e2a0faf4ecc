package dev.runway.core.auth;

import dev.runway.core.error.RunwayClientException;

/**
 * Thrown when a token is not acceptable: malformed, badly signed, of the wrong kind, expired,
 * revoked or issued by someone else. The message says which check failed but never repeats the
 * token.
 */
public class TokenVerificationException extends RunwayClientException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public TokenVerificationException(String message) {
    super(message);
  }

  /** Creates the exception with a cause. */
  public TokenVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
