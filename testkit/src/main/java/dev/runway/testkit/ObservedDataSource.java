package dev.runway.testkit;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that counts, on the JDBC boundary, what a client does to the engine:
 * connections and statements open, and statements executing (inside {@code execute*}, which returns
 * only when the engine has finished or stopped the statement). It is the {@link EngineProbe} of any
 * JDBC engine for {@link DatabaseClientContract}: a timeout or cancellation that never reaches the
 * engine leaves a statement executing, and a stream that never releases its statement leaves it
 * open. Thread-safe.
 */
public final class ObservedDataSource implements DataSource, EngineProbe, AutoCloseable {

  private static final Set<String> EXECUTE =
      Set.of(
          "execute",
          "executeQuery",
          "executeUpdate",
          "executeLargeUpdate",
          "executeBatch",
          "executeLargeBatch");

  /** Opens connections; the observed data source wraps each. */
  @FunctionalInterface
  public interface ConnectionOpener {
    /** Opens a connection. */
    Connection open() throws SQLException;
  }

  private final ConnectionOpener opener;
  private final AutoCloseable onClose;
  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicInteger openStatements = new AtomicInteger();
  private final AtomicInteger executing = new AtomicInteger();
  private final AtomicInteger cancels = new AtomicInteger();
  private final AtomicInteger executions = new AtomicInteger();
  private final Set<Statement> executingNow = ConcurrentHashMap.newKeySet();

  private ObservedDataSource(ConnectionOpener opener, AutoCloseable onClose) {
    this.opener = Objects.requireNonNull(opener, "opener");
    this.onClose = onClose;
  }

  /** Observes {@code dataSource}. */
  public static ObservedDataSource wrap(DataSource dataSource) {
    return new ObservedDataSource(dataSource::getConnection, null);
  }

  /**
   * Returns an observed data source on one new in-memory DuckDB database: every connection is a
   * {@code duplicate()} of one root connection, so all of them see the same tables.
   */
  public static ObservedDataSource duckDbInMemory() {
    try {
      Connection root = DriverManager.getConnection("jdbc:duckdb:");
      Method duplicate = root.getClass().getMethod("duplicate");
      return new ObservedDataSource(
          () -> {
            try {
              return (Connection) duplicate.invoke(root);
            } catch (InvocationTargetException e) {
              throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause());
            } catch (IllegalAccessException e) {
              throw new SQLException(e);
            }
          },
          root);
    } catch (SQLException | NoSuchMethodException e) {
      throw new IllegalStateException("cannot open an in-memory DuckDB database: " + e, e);
    }
  }

  @Override
  public int runningStatements() {
    return executing.get();
  }

  @Override
  public int openStatements() {
    return openStatements.get();
  }

  /** Returns how many connections the client holds now. */
  public int openConnections() {
    return openConnections.get();
  }

  /**
   * Cancels every statement executing now, behind the client's back: the clean-up of a test whose
   * client failed to stop its queries (so that they do not run on after the test).
   */
  public void cancelRunning() {
    for (Statement s : executingNow) {
      try {
        s.cancel();
      } catch (SQLException ignored) {
        // it finished meanwhile
      }
    }
  }

  /**
   * Returns how many statements were sent to the engine ({@code execute*} calls) since this data
   * source was created: what a test compares before and after to prove a query never reached it.
   */
  public int executions() {
    return executions.get();
  }

  /** Returns how many times {@code Statement.cancel()} was called. */
  public int cancels() {
    return cancels.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c = opener.open();
    openConnections.incrementAndGet();
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            new ConnectionHandler(c));
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  private final class ConnectionHandler implements InvocationHandler {
    private final Connection target;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<StatementHandler> statements = ConcurrentHashMap.newKeySet();

    ConnectionHandler(Connection target) {
      this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      if (m.getName().equals("close") && closed.compareAndSet(false, true)) {
        openConnections.decrementAndGet();
        // closing a connection closes its statements (JDBC 4.3, Connection.close)
        for (StatementHandler s : statements) {
          s.markClosed();
        }
      }
      Object result = call(target, m, args);
      if (result instanceof Statement s) {
        StatementHandler h = new StatementHandler(s, this);
        statements.add(h);
        openStatements.incrementAndGet();
        Class<?>[] types =
            s instanceof CallableStatement
                ? new Class<?>[] {CallableStatement.class}
                : s instanceof PreparedStatement
                    ? new Class<?>[] {PreparedStatement.class}
                    : new Class<?>[] {Statement.class};
        return Proxy.newProxyInstance(getClass().getClassLoader(), types, h);
      }
      return result;
    }
  }

  private final class StatementHandler implements InvocationHandler {
    private final Statement target;
    private final ConnectionHandler connection;
    private final AtomicBoolean closed = new AtomicBoolean();

    StatementHandler(Statement target, ConnectionHandler connection) {
      this.target = target;
      this.connection = connection;
    }

    void markClosed() {
      if (closed.compareAndSet(false, true)) {
        openStatements.decrementAndGet();
        connection.statements.remove(this);
      }
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      String name = m.getName();
      if (name.equals("close")) {
        markClosed();
        return call(target, m, args);
      }
      if (name.equals("cancel")) {
        cancels.incrementAndGet();
      }
      if (EXECUTE.contains(name)) {
        executions.incrementAndGet();
        executing.incrementAndGet();
        executingNow.add(target);
        try {
          return call(target, m, args);
        } finally {
          executingNow.remove(target);
          executing.decrementAndGet();
        }
      }
      return call(target, m, args);
    }
  }

  private static Object call(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public void close() throws Exception {
    if (onClose != null) {
      onClose.close();
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // no log writer
  }

  @Override
  public void setLoginTimeout(int seconds) {
    // connections are opened at once
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper of " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
