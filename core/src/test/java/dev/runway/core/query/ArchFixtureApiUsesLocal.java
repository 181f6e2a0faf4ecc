package dev.runway.core.query;

import dev.runway.core.local.JdbcDatabaseClient;

/**
 * A deliberate breach (an API package using an implementation), for the architecture rules' own
 * test.
 */
public class ArchFixtureApiUsesLocal {
  /** Returns an embedded client. */
  public DatabaseClient client() {
    return JdbcDatabaseClient.embedded();
  }
}
