package dev.runway.session.dynamo;

import dev.runway.core.error.RunwayClientException;

/** Thrown before a write whose session item would exceed DynamoDB's 400 KB item limit. */
public class SessionTooLargeException extends RunwayClientException {

  private static final long serialVersionUID = 1L;

  private final long size;

  /** Creates the exception for an item of {@code size} bytes. */
  public SessionTooLargeException(long size, long limit) {
    super(
        "the session item would be "
            + size
            + " bytes, over DynamoDB's limit of "
            + limit
            + " bytes per item; keep large data (query results, documents) out of session attributes");
    this.size = size;
  }

  /** Returns the item's size in bytes. */
  public long size() {
    return size;
  }
}
