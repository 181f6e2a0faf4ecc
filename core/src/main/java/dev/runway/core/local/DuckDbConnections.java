package dev.runway.core.local;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections to one embedded DuckDB database. An in-memory DuckDB database lives as long as the
 * connection that opened it, and every {@code DriverManager.getConnection("jdbc:duckdb:")} opens a
 * new, empty one; so this keeps one root connection open and hands out duplicates of it ({@code
 * DuckDBConnection.duplicate()}), which share the database. Duplicates are cheap but not free, so a
 * few idle ones are kept for reuse.
 *
 * <p>The DuckDB classes are reached by reflection so that core compiles without the driver and
 * applications that use a remote engine may exclude it.
 */
final class DuckDbConnections implements ConnectionSource {

  private final Connection root;
  private final Method duplicate;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  private final int maxIdle;

  /**
   * Opens the database.
   *
   * @param url {@code jdbc:duckdb:} for in-memory, {@code jdbc:duckdb:/path/file.duckdb} for a file
   * @param properties driver properties
   * @param maxIdle how many idle duplicates to keep
   */
  public DuckDbConnections(String url, Properties properties, int maxIdle) throws SQLException {
    Properties props = new Properties();
    props.putAll(properties);
    // Stream results chunk by chunk instead of materialising them in native memory first.
    props.putIfAbsent("jdbc_stream_results", "true");
    this.root = DriverManager.getConnection(url, props);
    try {
      this.duplicate = root.getClass().getMethod("duplicate");
    } catch (NoSuchMethodException e) {
      ConnectionSource.closeQuietly(root);
      throw new SQLException(
          "the DuckDB driver on the classpath has no duplicate(); use duckdb_jdbc 1.0 or newer", e);
    }
    this.maxIdle = maxIdle;
  }

  @Override
  public Connection acquire() throws SQLException {
    Connection c = idle.pollFirst();
    if (c != null) {
      idleCount.decrementAndGet();
      return c;
    }
    try {
      return (Connection) duplicate.invoke(root);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof SQLException s) {
        throw s;
      }
      throw new SQLException("cannot open a DuckDB connection: " + cause.getMessage(), cause);
    }
  }

  @Override
  public void release(Connection connection, boolean broken) {
    if (!broken) {
      try {
        if (!connection.getAutoCommit()) {
          connection.commit();
          connection.setAutoCommit(true);
        }
      } catch (SQLException e) {
        broken = true;
      }
    }
    if (broken || idleCount.incrementAndGet() > maxIdle) {
      if (!broken) {
        idleCount.decrementAndGet();
      }
      ConnectionSource.closeQuietly(connection);
      return;
    }
    idle.offerFirst(connection);
  }

  @Override
  public void close() {
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      ConnectionSource.closeQuietly(c);
    }
    ConnectionSource.closeQuietly(root);
  }
}
