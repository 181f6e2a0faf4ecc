package dev.runway.core.session;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayClientException;

/**
 * Thrown when a session update was based on a stale version: someone else updated the session after
 * it was read. Read it again, reapply the change and retry (or use {@link
 * SessionStore#update(String, java.util.function.UnaryOperator)}, which does that).
 */
public class SessionConflictException extends RunwayClientException {

  private static final long serialVersionUID = 1L;

  private final long expectedVersion;
  private final long actualVersion;

  /** Creates the exception for a session (masked in the message) and the two versions. */
  public SessionConflictException(String sessionId, long expectedVersion, long actualVersion) {
    super(
        "session "
            + Session.mask(sessionId)
            + " was updated concurrently: the update was based on "
            + "version "
            + expectedVersion
            + " but the stored version is "
            + actualVersion
            + "; read the session again, reapply the change and retry",
        ErrorCategory.CONFLICT,
        null);
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  /** Returns the version the rejected update was based on. */
  public long expectedVersion() {
    return expectedVersion;
  }

  /** Returns the version stored when the update was rejected. */
  public long actualVersion() {
    return actualVersion;
  }
}
