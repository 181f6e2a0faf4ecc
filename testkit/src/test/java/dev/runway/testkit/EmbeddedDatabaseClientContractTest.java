package dev.runway.testkit;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;

/** The database contract against the zero-configuration default: in-memory DuckDB. */
// spotless:off (a documentation snippet: formatted for reading, see DocsTest)
// tag::contract[]
class EmbeddedDatabaseClientContractTest extends DatabaseClientContract {

  @Override
  protected DatabaseClient createClient() {
    return JdbcDatabaseClient.embedded();
  }
}
// end::contract[]
// spotless:on
