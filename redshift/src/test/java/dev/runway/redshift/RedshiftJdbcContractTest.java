package dev.runway.redshift;

import dev.runway.core.query.DatabaseClient;
import dev.runway.testkit.DatabaseClientContract;
import dev.runway.testkit.EngineProbe;
import dev.runway.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database contract on the JDBC mode of {@link RedshiftClients}, with the PostgreSQL driver
 * against a real PostgreSQL server the test starts (Redshift speaks PostgreSQL's wire protocol; its
 * SQL dialect differs in places the contract does not touch).
 */
class RedshiftJdbcContractTest extends DatabaseClientContract {

  private PostgresServer server;

  @Override
  protected DatabaseClient createClient() {
    server = PostgresServer.start();
    return RedshiftClients.jdbc().url(server.jdbcUrl()).user(server.user()).build();
  }

  /**
   * PostgreSQL's own view: backends of the test user that are executing a statement, and (as open
   * statements) the backends holding a transaction or cursor open, both other than the probe's.
   */
  @Override
  protected EngineProbe engineProbe() {
    return new EngineProbe() {
      @Override
      public int runningStatements() {
        return count("state = 'active'");
      }

      @Override
      public int openStatements() {
        return count("state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')");
      }

      private int count(String condition) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), "");
            Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE usename = current_user"
                        + " AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND "
                        + condition)) {
          rs.next();
          return rs.getInt(1);
        } catch (SQLException e) {
          throw new IllegalStateException("cannot read pg_stat_activity: " + e.getMessage(), e);
        }
      }
    };
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
