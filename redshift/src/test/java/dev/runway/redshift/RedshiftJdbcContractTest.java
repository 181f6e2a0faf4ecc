package dev.runway.redshift;

import dev.runway.core.query.DatabaseClient;
import dev.runway.testkit.DatabaseClientContract;
import dev.runway.testkit.PostgresServer;

/**
 * The database contract on the JDBC mode of {@link RedshiftClients}, with the PostgreSQL
 * driver against a real PostgreSQL server the test starts (Redshift speaks PostgreSQL's wire
 * protocol; its SQL dialect differs in places the contract does not touch).
 */
class RedshiftJdbcContractTest extends DatabaseClientContract {

  private PostgresServer server;

  @Override
  protected DatabaseClient createClient() {
    server = PostgresServer.start();
    return RedshiftClients.jdbc().url(server.jdbcUrl()).user(server.user()).build();
  }

  @Override
  protected String slowQuery() {
    return "SELECT pg_sleep(60)";
  }

  @Override
  protected void closeClient(DatabaseClient db) {
    db.close();
    if (server != null) {
      server.close();
    }
  }
}
