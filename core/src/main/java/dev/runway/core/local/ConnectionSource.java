package dev.runway.core.local;

import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** Where a JDBC client gets its connections; implementations are thread-safe. */
interface ConnectionSource extends AutoCloseable {

  /** Returns a connection for one query or stream. */
  Connection acquire() throws SQLException;

  /** Gives a connection back; a broken one is closed rather than reused. */
  void release(Connection connection, boolean broken);

  /** Closes idle connections and, for an embedded database, the database itself. */
  @Override
  void close();

  /** Closes a connection, ignoring the failure of an already broken one. */
  static void closeQuietly(@Nullable AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // closing a broken connection may fail; there is nothing left to release
    }
  }
}
