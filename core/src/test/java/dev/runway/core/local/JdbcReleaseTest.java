package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.RowStream;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Every path of the JDBC client gives its connection back: on a data source that counts the
 * connections it opened and the ones closed (embedded DuckDB behind it), each query, failure,
 * stream read to the end, stream closed early and async query ends with as many closed as opened.
 */
class JdbcReleaseTest {

  /** A data source of DuckDB connections that records what happens to them. */
  static final class Counting implements DataSource {
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = DriverManager.getConnection("jdbc:duckdb:");
      opened.incrementAndGet();
      return (Connection)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("close")) {
                  closed.incrementAndGet();
                }
                if (method.getName().equals("setAutoCommit")) {
                  calls.add("setAutoCommit " + args[0]);
                }
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }

    void assertAllClosed() {
      assertThat(closed.get()).as("closed of %d opened", opened.get()).isEqualTo(opened.get());
    }
  }

  @Test
  void everyPath_closesWhatItOpened() throws Exception {
    Counting ds = new Counting();
    try (JdbcDatabaseClient db = JdbcDatabaseClient.builder().dataSource(ds).build()) {
      long before = System.nanoTime();
      QueryResult r = db.execute(Query.of("SELECT 42 AS n"));
      long wall = System.nanoTime() - before;
      assertThat(r.stats().executionTime())
          .isPositive()
          .isLessThanOrEqualTo(Duration.ofNanos(wall));
      assertThat(db.engine()).as("read from the connection's metadata").isEqualTo("duckdb");
      ds.assertAllClosed();
      assertThatThrownBy(() -> db.execute(Query.of("SELECT * FROM no_such_table")))
          .isInstanceOf(QueryFailedException.class);
      ds.assertAllClosed();
      try (RowStream s = db.stream(Query.of("SELECT * FROM range(5)"))) {
        assertThat(s.stream().count()).isEqualTo(5);
      }
      ds.assertAllClosed();
      // a stream runs in a transaction (PostgreSQL-family drivers only stream with one)
      assertThat(ds.calls).contains("setAutoCommit false");
      RowStream early = db.stream(Query.of("SELECT * FROM range(1000)"));
      early.iterator().next();
      assertThat(ds.closed.get()).isLessThan(ds.opened.get());
      early.close();
      ds.assertAllClosed();
      assertThatThrownBy(() -> db.stream(Query.of("SELECT * FROM no_such_table")))
          .isInstanceOf(QueryFailedException.class);
      ds.assertAllClosed();
      assertThatThrownBy(() -> db.stream(Query.of("SELECT :missing")))
          .isInstanceOf(dev.runway.core.query.InvalidQueryException.class);
      ds.assertAllClosed();
      var done = db.executeAsync(Query.of("SELECT 1"));
      assertThat(done.get(10, TimeUnit.SECONDS).rows()).hasSize(1);
      assertThat(done.cancel(true)).as("a finished query cannot be cancelled").isFalse();
      ds.assertAllClosed();
      assertThat(ds.opened.get())
          .as("the unbound parameter was refused before a connection")
          .isEqualTo(6);
    }
  }

  @Test
  void engineName_givenWins_andCloseIsIdempotent() {
    Counting ds = new Counting();
    JdbcDatabaseClient db = JdbcDatabaseClient.builder().dataSource(ds).engine("warehouse").build();
    db.execute(Query.of("SELECT 1"));
    assertThat(db.engine()).isEqualTo("warehouse");
    db.close();
    db.close();
    assertThatThrownBy(() -> db.executeAsync(Query.of("SELECT 1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this DatabaseClient is closed");
    assertThatThrownBy(() -> db.stream(Query.of("SELECT 1")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(JdbcDatabaseClient.embedded().engine()).isEqualTo("duckdb");
  }

  @Test
  void close_cancelsRunningQueries_andEndsItsThreads() throws Exception {
    JdbcDatabaseClient db = JdbcDatabaseClient.embedded();
    var f = db.executeAsync(Query.of("SELECT count(*) FROM range(10000000000) a"));
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (db.engineMetrics().orElseThrow().running() == 0 && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    db.close();
    assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(dev.runway.core.query.QueryCancelledException.class);
  }

  @Test
  void stream_bindsItsParameters_andItsTimeoutEndsWithTheExecution() throws Exception {
    try (JdbcDatabaseClient db = JdbcDatabaseClient.embedded()) {
      try (RowStream s =
          db.stream(Query.builder("SELECT * FROM range(:n) t(i)").param("n", 3).build())) {
        assertThat(s.stream().count()).isEqualTo(3);
      }
      // the timeout bounds the execution; reading the rows afterwards takes as long as the caller
      // likes
      try (RowStream s =
          db.stream(
              Query.builder("SELECT * FROM range(100000) t(i)")
                  .timeout(Duration.ofMillis(100))
                  .build())) {
        var it = s.iterator();
        it.next();
        Thread.sleep(400);
        long n = 1;
        while (it.hasNext()) {
          it.next();
          n++;
        }
        assertThat(n).isEqualTo(100_000);
      }
    }
  }
}
