package dev.runway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.health.Health;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.InvalidQueryException;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryTimeoutException;
import dev.runway.core.query.Row;
import dev.runway.core.query.RowStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link DatabaseClient} must show. Extend it, return the client under test
 * from {@link #createClient()} (start its server there if it needs one) and declare what it does
 * not support in {@link #capabilities()}; unsupported tests are skipped, not passed.
 *
 * <p>The suite creates {@value SampleData#TABLE} with standard SQL and drops nothing else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseClientContract {

  /** Optional behaviour. */
  public enum Capability {
    /**
     * Runs DDL and INSERT (the suite needs it unless {@link #prepareSampleTable} is overridden).
     */
    DDL,
    /** Cancels a running query when its timeout passes. */
    TIMEOUT,
    /** Cancels a running query through the async future. */
    CANCEL,
    /** Streams large results. */
    STREAM
  }

  private DatabaseClient client;

  /** Creates the client under test; called once per test class. */
  protected abstract DatabaseClient createClient();

  /** Returns the capabilities of the client; all by default. */
  protected Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  /** Returns SQL that runs for at least ten seconds on the engine under test. */
  protected String slowQuery() {
    return "SELECT count(*) FROM generate_series(1, 100000) a, generate_series(1, 1000000) b "
        + "WHERE (a.generate_series * b.generate_series) % 7 = 3";
  }

  /** Returns SQL yielding the integers 1..n in a column named {@code i}, in order. */
  protected String sequenceSql(int n) {
    return "SELECT i FROM generate_series(1, " + n + ") AS t(i) ORDER BY i";
  }

  /** Creates the sample table; override for engines that load data differently. */
  protected void prepareSampleTable(DatabaseClient db) {
    for (String sql : SampleData.createTable()) {
      db.execute(Query.builder(sql).cacheable(false).build());
    }
  }

  /** Closes the client; override to stop a server too. */
  protected void closeClient(DatabaseClient db) {
    db.close();
  }

  /**
   * Returns a view of the engine under test, so that the timeout, cancellation and early-close
   * tests check the effect on the engine itself; {@code null} (the default) when the engine cannot
   * be observed, and then those tests check what the client reports and print that they could not
   * look further.
   */
  protected EngineProbe engineProbe() {
    return null;
  }

  /**
   * Waits, up to {@code limit}, for {@code condition} to hold; fails with {@code what} if it never
   * does.
   */
  private static void awaitEngine(BooleanSupplier condition, Duration limit, String what) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  private EngineProbe probeOrSay(String test) {
    EngineProbe probe = engineProbe();
    if (probe == null) {
      System.out.println(
          "NOT OBSERVED on the engine: "
              + getClass().getSimpleName()
              + "."
              + test
              + " checks what the client reports only (no engineProbe())");
    }
    return probe;
  }

  /** Returns the client under test. */
  protected final DatabaseClient client() {
    return client;
  }

  @BeforeAll
  final void startClient() {
    client = createClient();
    prepareSampleTable(client);
  }

  @AfterAll
  final void stopClient() {
    if (client != null) {
      closeClient(client);
    }
  }

  private QueryResult all() {
    return client.execute(Query.of("SELECT * FROM " + SampleData.TABLE + " ORDER BY id"));
  }

  @Test
  @DisplayName("values are normalised to the Java types of ColumnType")
  void execute_sampleTable_normalisesTypes() {
    QueryResult r = all();
    assertThat(r.size()).isEqualTo(3);
    assertThat(r.columns())
        .extracting(c -> c.type())
        .containsExactly(
            ColumnType.BIGINT,
            ColumnType.VARCHAR,
            ColumnType.DECIMAL,
            ColumnType.INTEGER,
            ColumnType.DOUBLE,
            ColumnType.BOOLEAN,
            ColumnType.DATE,
            ColumnType.TIMESTAMP,
            ColumnType.VARCHAR);
    Row first = r.row(0);
    assertThat(first.get("id")).isEqualTo(1L);
    assertThat(first.get("name")).isEqualTo("Pump");
    assertThat(first.get("price")).isEqualTo(new BigDecimal("19.99"));
    assertThat(r.row(1).getBigDecimal("price")).isEqualTo(new BigDecimal("5.00"));
    assertThat(first.get("qty")).isEqualTo(5);
    assertThat(first.get("ratio")).isEqualTo(0.5);
    assertThat(first.get("active")).isEqualTo(true);
    assertThat(first.get("created")).isEqualTo(LocalDate.of(2026, 1, 2));
    assertThat(first.get("updated")).isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 5));
  }

  @Test
  @DisplayName("SQL NULL and the empty string stay distinct")
  void execute_nullAndEmptyString_areDistinct() {
    QueryResult r = all();
    assertThat(r.row(0).get("note")).isNull();
    assertThat(r.row(0).isNull("note")).isTrue();
    assertThat(r.row(1).get("note")).isEqualTo("");
    assertThat(r.row(2).getString("note")).isEqualTo("spare");
  }

  @Test
  @DisplayName(
      "getters work by index and by case-insensitive name; an unknown name lists the columns")
  void row_getters_byIndexAndName() {
    Row row = all().row(2);
    assertThat(row.getLong(0)).isEqualTo(3L);
    assertThat(row.getString("NAME")).isEqualTo("Filter");
    assertThat(row.getInt("qty")).isZero();
    assertThat(row.getDouble("ratio")).isEqualTo(2.0);
    assertThat(row.getBoolean("active")).isTrue();
    assertThat(row.getDate("created")).isEqualTo(LocalDate.of(2026, 3, 4));
    assertThatThrownBy(() -> row.get("no_such_column"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no_such_column")
        .hasMessageContaining("price");
  }

  @Test
  @DisplayName("named parameters are bound, including a name used twice")
  void execute_namedParameters_areBound() {
    QueryResult r =
        client.execute(
            Query.builder(
                    "SELECT id FROM "
                        + SampleData.TABLE
                        + " WHERE (name = :name OR qty >= :qty) AND id <> :skip AND (qty >= :qty OR name = :name) ORDER BY id")
                .param("name", "Pump")
                .param("qty", 10)
                .param("skip", 99L)
                .build());
    assertThat(r.rows()).extracting(x -> x.getLong("id")).containsExactly(1L, 2L);
  }

  @Test
  @DisplayName("typed parameters: decimal, date, boolean, null")
  void execute_typedParameters_areBound() {
    QueryResult r =
        client.execute(
            Query.builder(
                    "SELECT id FROM "
                        + SampleData.TABLE
                        + " WHERE price > :price AND created >= :since AND active = :active ORDER BY id")
                .param("price", new BigDecimal("7.00"))
                .param("since", LocalDate.of(2026, 1, 1))
                .param("active", true)
                .build());
    assertThat(r.rows()).extracting(x -> x.getLong("id")).containsExactly(1L, 3L);
    QueryResult n =
        client.execute(
            Query.builder("SELECT count(*) AS n FROM " + SampleData.TABLE + " WHERE note = :note")
                .param("note", null)
                .build());
    assertThat(n.row(0).getLong("n")).isZero();
  }

  @Test
  @DisplayName("an injection-shaped parameter value stays data")
  void execute_injectionShapedValue_staysData() {
    String evil = "x'; DROP TABLE " + SampleData.TABLE + "; --";
    QueryResult r =
        client.execute(
            Query.builder("SELECT id FROM " + SampleData.TABLE + " WHERE name = :name")
                .param("name", evil)
                .build());
    assertThat(r.isEmpty()).isTrue();
    assertThat(all().size()).isEqualTo(3);
    QueryResult echoed = client.execute(Query.builder("SELECT :v AS v").param("v", evil).build());
    assertThat(echoed.row(0).getString("v")).isEqualTo(evil);
  }

  @Test
  @DisplayName("a missing or unused parameter is refused before the query is sent, naming it")
  void execute_missingOrUnusedParameter_throwsInvalidQuery() {
    assertThatThrownBy(
            () -> client.execute(Query.of("SELECT * FROM " + SampleData.TABLE + " WHERE id = :id")))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("id");
    assertThatThrownBy(() -> client.execute(Query.builder("SELECT 1").param("extra", 1).build()))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("extra");
  }

  @Test
  @DisplayName("maxRows limits the rows returned")
  void execute_maxRows_limitsRows() {
    QueryResult r = client.execute(Query.builder(sequenceSql(100)).maxRows(7).build());
    assertThat(r.size()).isEqualTo(7);
    assertThat(r.row(6).getLong(0)).isEqualTo(7L);
  }

  @Test
  @DisplayName("a syntax error is a non-retryable user error")
  void execute_syntaxError_isUserError() {
    assertThatThrownBy(() -> client.execute("SELEC nothing FROM nowhere"))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.USER_ERROR);
              assertThat(e.retryable()).isFalse();
            });
    assertThatThrownBy(() -> client.execute("SELECT * FROM runway_no_such_table"))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER_ERROR));
  }

  @Test
  @DisplayName("stats report the engine, a query id and the row count")
  void execute_stats_areReported() {
    // not cacheable: the figures are the engine's even when a cache sits in front
    QueryResult r =
        client.execute(
            Query.builder("SELECT * FROM " + SampleData.TABLE + " ORDER BY id")
                .cacheable(false)
                .build());
    assertThat(r.stats().engine()).isEqualTo(client.engine());
    assertThat(r.stats().queryId()).isPresent();
    assertThat(r.stats().rows()).isEqualTo(3);
    assertThat(r.stats().fromCache()).isFalse();
  }

  @Test
  @DisplayName("a stream returns every row in order and can be read once")
  void stream_readsAllRowsInOrder() {
    assumeTrue(capabilities().contains(Capability.STREAM), "STREAM not supported");
    int n = 25_000;
    List<Long> seen = new ArrayList<>();
    try (RowStream rows = client.stream(Query.of(sequenceSql(n)))) {
      assertThat(rows.columns()).hasSize(1);
      for (Row row : rows) {
        seen.add(row.getLong(0));
      }
      assertThatThrownBy(rows::iterator).isInstanceOf(IllegalStateException.class);
    }
    assertThat(seen).hasSize(n);
    assertThat(seen.get(0)).isEqualTo(1L);
    assertThat(seen.get(n - 1)).isEqualTo((long) n);
  }

  @Test
  @DisplayName("closing streams early releases their connections")
  void stream_closedEarly_releasesResources() {
    assumeTrue(capabilities().contains(Capability.STREAM), "STREAM not supported");
    EngineProbe probe = probeOrSay("stream_closedEarly_releasesResources");
    int before = probe == null ? -1 : probe.openStatements();
    for (int i = 0; i < 50; i++) {
      try (RowStream rows = client.stream(Query.of(sequenceSql(10_000)))) {
        assertThat(rows.iterator().next().getLong(0)).isEqualTo(1L);
      }
    }
    if (before >= 0) {
      // every statement the streams opened is closed again: none leaks per early close
      awaitEngine(
          () -> probe.openStatements() <= before,
          Duration.ofSeconds(10),
          "statements left open on the engine after 50 streams were closed early: "
              + probe.openStatements()
              + " (before: "
              + before
              + ")");
    }
    assertThat(all().size()).isEqualTo(3);
  }

  @Test
  @DisplayName("executeAsync completes with the result")
  void executeAsync_completesWithResult() throws Exception {
    QueryResult r =
        client
            .executeAsync(Query.of("SELECT * FROM " + SampleData.TABLE + " ORDER BY id"))
            .get(60, TimeUnit.SECONDS);
    assertThat(r.size()).isEqualTo(3);
  }

  @Test
  @Timeout(120)
  @DisplayName("a query that exceeds its timeout is cancelled on the engine")
  void execute_timeout_cancelsQuery() {
    assumeTrue(capabilities().contains(Capability.TIMEOUT), "TIMEOUT not supported");
    EngineProbe probe = probeOrSay("execute_timeout_cancelsQuery");
    assertThatThrownBy(
            () ->
                client.execute(
                    Query.builder(slowQuery())
                        .timeout(Duration.ofMillis(500))
                        .cacheable(false)
                        .build()))
        .isInstanceOfSatisfying(
            QueryTimeoutException.class, e -> assertThat(e.queryId()).isPresent());
    if (probe != null) {
      // the slow query runs for at least ten seconds unless the engine stopped it
      awaitEngine(
          () -> probe.runningStatements() == 0,
          Duration.ofSeconds(5),
          "the query still runs on the engine after its timeout");
    }
    assertThat(all().size()).isEqualTo(3);
  }

  @Test
  @Timeout(120)
  @DisplayName("cancelling the async future cancels the query")
  void executeAsync_cancel_stopsQuery() throws Exception {
    assumeTrue(capabilities().contains(Capability.CANCEL), "CANCEL not supported");
    EngineProbe probe = probeOrSay("executeAsync_cancel_stopsQuery");
    CompletableFuture<QueryResult> f =
        client.executeAsync(Query.builder(slowQuery()).cacheable(false).build());
    if (probe != null) {
      awaitEngine(
          () -> probe.runningStatements() >= 1,
          Duration.ofSeconds(30),
          "the slow query never started on the engine");
    } else {
      Thread.sleep(300); // nothing to observe: give it time to reach the engine
    }
    assertThat(f.cancel(true)).isTrue();
    assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
    if (probe != null) {
      awaitEngine(
          () -> probe.runningStatements() == 0,
          Duration.ofSeconds(5),
          "the query still runs on the engine after its future was cancelled");
    }
    assertThat(all().size()).isEqualTo(3);
  }

  @Test
  @DisplayName("an async failure completes the future exceptionally with the Runway exception")
  void executeAsync_failure_completesExceptionally() {
    CompletableFuture<QueryResult> f =
        client.executeAsync(Query.of("SELECT * FROM runway_no_such_table"));
    assertThatThrownBy(() -> f.get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(QueryFailedException.class);
  }

  @Test
  @DisplayName("health reports UP")
  void health_isUp() {
    assertThat(client.health().status()).isEqualTo(Health.Status.UP);
  }

  @Test
  @DisplayName("cancel of an unknown query id returns false")
  void cancel_unknownId_returnsFalse() {
    assertThat(client.cancel("no-such-query")).isFalse();
    assertThatThrownBy(() -> client.execute(Query.builder(sequenceSql(3)).build()).row(5))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
