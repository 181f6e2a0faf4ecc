package dev.runway.core.session;

import dev.runway.core.error.RunwayClientException;

/** Thrown when an operation names a session that does not exist or has expired. */
public class SessionNotFoundException extends RunwayClientException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception; the id is masked in the message. */
  public SessionNotFoundException(String sessionId) {
    super(
        "session " + Session.mask(sessionId) + " does not exist or has expired; create a new one");
  }
}
