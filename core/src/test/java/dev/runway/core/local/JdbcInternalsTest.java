package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import dev.runway.core.query.Query;
import dev.runway.core.query.Row;
import dev.runway.core.query.RowStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The parts of the JDBC client a database cannot show by itself: a running query's cancel and
 * timeout bookkeeping (on a mocked statement, whose cancel is the effect), the DuckDB connection
 * pool's reuse and closing (on embedded DuckDB), and a stream's iterator and release.
 */
class JdbcInternalsTest {

  @Test
  void runningQuery_cancelBeforeStart_refusesTheStart() {
    RunningQuery rq = new RunningQuery("q-1");
    assertThat(rq.id()).isEqualTo("q-1");
    assertThat(rq.cancel()).isTrue();
    Statement st = mock(Statement.class);
    assertThat(rq.start(st, null)).isFalse();
    assertThat(rq.wasCancelled()).isTrue();
    assertThat(rq.wasTimedOut()).isFalse();
  }

  @Test
  void runningQuery_cancelWhileRunning_cancelsTheStatement_onceFinishedNothing() throws Exception {
    RunningQuery rq = new RunningQuery("q-2");
    Statement st = mock(Statement.class);
    assertThat(rq.start(st, null)).isTrue();
    assertThat(rq.wasCancelled()).isFalse();
    assertThat(rq.cancel()).isTrue();
    verify(st).cancel();
    assertThat(rq.wasCancelled()).isTrue();
    RunningQuery done = new RunningQuery("q-3");
    Statement st2 = mock(Statement.class);
    done.start(st2, null);
    done.finished();
    assertThat(done.cancel()).isTrue();
    verify(st2, never()).cancel();
  }

  @Test
  void runningQuery_aCancelTheDriverRefuses_isReported() throws Exception {
    RunningQuery rq = new RunningQuery("q-4");
    Statement st = mock(Statement.class);
    doThrow(new SQLException("already closed")).when(st).cancel();
    rq.start(st, null);
    assertThat(rq.cancel()).isFalse();
  }

  @Test
  void runningQuery_timeout_cancelsTheStatement_andIsNotACancellation() throws Exception {
    RunningQuery rq = new RunningQuery("q-5");
    Statement st = mock(Statement.class);
    rq.start(st, Duration.ofMillis(20));
    verify(st, timeout(10_000)).cancel();
    assertThat(rq.wasTimedOut()).isTrue();
    assertThat(rq.wasCancelled()).isFalse();
    // a finished query's timeout does nothing
    RunningQuery quick = new RunningQuery("q-6");
    Statement st2 = mock(Statement.class);
    quick.start(st2, Duration.ofMillis(20));
    quick.finished();
    // the timer runs its tasks in deadline order on one thread: once a later one has fired, the
    // disarmed one would have
    RunningQuery fence = new RunningQuery("q-7");
    Statement st3 = mock(Statement.class);
    fence.start(st3, Duration.ofMillis(20));
    verify(st3, timeout(10_000)).cancel();
    verify(st2, never()).cancel();
    assertThat(quick.wasTimedOut()).isFalse();
  }

  @Test
  void duckDbPool_reusesUpToMaxIdle_closesTheRest_andCommitsOpenTransactions() throws Exception {
    DuckDbConnections pool = new DuckDbConnections("jdbc:duckdb:", new Properties(), 1);
    Connection a = pool.acquire();
    Connection b = pool.acquire();
    assertThat(a).isNotSameAs(b);
    try (Statement s = a.createStatement()) {
      s.execute("CREATE TABLE t (n INTEGER)");
    }
    a.setAutoCommit(false);
    try (Statement s = a.createStatement()) {
      s.execute("INSERT INTO t VALUES (1)");
    }
    pool.release(a, false);
    assertThat(a.isClosed()).isFalse();
    assertThat(a.getAutoCommit()).as("returned to auto-commit").isTrue();
    pool.release(b, false);
    assertThat(b.isClosed()).as("beyond maxIdle").isTrue();
    Connection again = pool.acquire();
    assertThat(again).isSameAs(a);
    try (Statement s = pool.acquire().createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      assertThat(rs.getLong(1)).as("the open transaction was committed on release").isEqualTo(1);
    }
    pool.release(again, true);
    assertThat(again.isClosed()).as("a broken connection is closed").isTrue();
    Connection c = pool.acquire();
    pool.release(c, false);
    pool.close();
    assertThat(c.isClosed()).isTrue();
  }

  @Test
  void stream_iteratorRules_andReleaseOnClose() {
    try (JdbcDatabaseClient db = JdbcDatabaseClient.embedded()) {
      RowStream s = db.stream(Query.builder("SELECT * FROM range(10) t(n)").maxRows(3).build());
      assertThat(s.columns()).hasSize(1);
      assertThat(s.queryId()).isPresent();
      assertThat(db.engineMetrics().orElseThrow().running()).isEqualTo(1);
      assertThat(db.cancel(s.queryId().get())).isTrue();
      Iterator<Row> it = s.iterator();
      assertThatThrownBy(s::iterator)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("once");
      List<Long> seen = new ArrayList<>();
      while (it.hasNext()) {
        assertThat(it.hasNext()).isTrue();
        seen.add(it.next().getLong(0));
      }
      assertThat(seen).containsExactly(0L, 1L, 2L);
      assertThat(it.hasNext()).isFalse();
      assertThatThrownBy(it::next)
          .isInstanceOf(NoSuchElementException.class)
          .hasMessage("the stream has no more rows");
      assertThat(db.engineMetrics().orElseThrow().running()).as("released at the end").isZero();
      s.close();
      s.close();
      assertThat(db.cancel("unknown")).isFalse();
      RowStream early = db.stream(Query.of("SELECT * FROM range(1000)"));
      early.iterator().next();
      early.close();
      assertThat(db.engineMetrics().orElseThrow().running()).isZero();
      assertThat(db.toString()).isEqualTo("JdbcDatabaseClient{engine=duckdb}");
    }
  }
}
