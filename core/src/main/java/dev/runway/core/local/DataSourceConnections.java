package dev.runway.core.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** Connections from a {@link DataSource} or a JDBC URL, one per query; pooling is theirs. */
final class DataSourceConnections implements ConnectionSource {

  private final @Nullable DataSource dataSource;
  private final @Nullable String url;
  private final @Nullable Properties properties;

  /** Uses a data source. */
  public DataSourceConnections(DataSource dataSource) {
    this.dataSource = dataSource;
    this.url = null;
    this.properties = null;
  }

  /** Uses {@link DriverManager} with a URL and properties (which may hold the password). */
  public DataSourceConnections(String url, Properties properties) {
    this.dataSource = null;
    this.url = url;
    this.properties = properties;
  }

  @Override
  public Connection acquire() throws SQLException {
    return dataSource != null
        ? dataSource.getConnection()
        : DriverManager.getConnection(url, properties);
  }

  @Override
  public void release(Connection connection, boolean broken) {
    ConnectionSource.closeQuietly(connection);
  }

  @Override
  public void close() {
    // the data source belongs to the caller; DriverManager connections are closed per query
  }
}
