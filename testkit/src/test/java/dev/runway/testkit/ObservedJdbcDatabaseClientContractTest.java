package dev.runway.testkit;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;

/**
 * The database contract on JdbcDatabaseClient over an observed DuckDB data source: the timeout,
 * cancellation and early-close tests see the statements on the JDBC boundary.
 */
class ObservedJdbcDatabaseClientContractTest extends DatabaseClientContract {

  private ObservedDataSource dataSource;

  @Override
  protected DatabaseClient createClient() {
    dataSource = ObservedDataSource.duckDbInMemory();
    return JdbcDatabaseClient.of(dataSource);
  }

  @Override
  protected EngineProbe engineProbe() {
    return dataSource;
  }

  @Override
  protected void closeClient(DatabaseClient db) {
    db.close();
    try {
      dataSource.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
