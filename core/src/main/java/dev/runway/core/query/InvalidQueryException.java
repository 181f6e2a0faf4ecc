package dev.runway.core.query;

import dev.runway.core.error.RunwayClientException;

/**
 * Thrown before a query is sent when the query itself is wrong: a parameter named in the SQL has no
 * value, a value has no SQL placeholder, or a value has a type no engine can bind.
 */
public class InvalidQueryException extends RunwayClientException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the problem and the fix. */
  public InvalidQueryException(String message) {
    super(message);
  }
}
