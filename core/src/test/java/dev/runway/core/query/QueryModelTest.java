package dev.runway.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayException;
import dev.runway.core.health.Health;
import dev.runway.core.resilience.ResiliencePolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The values every client hands back (rows, queries, statistics, results) and the decorators'
 * plumbing: what each accessor converts and refuses, what compares equal, what is shown, and what a
 * forwarding or listening client passes on.
 */
class QueryModelTest {

  private static final ColumnIndex INDEX =
      new ColumnIndex(
          List.of(
              Column.of("i", ColumnType.INTEGER),
              Column.of("l", ColumnType.BIGINT),
              Column.of("d", ColumnType.DECIMAL),
              Column.of("f", ColumnType.DOUBLE),
              Column.of("b", ColumnType.BOOLEAN),
              Column.of("day", ColumnType.DATE),
              Column.of("ts", ColumnType.TIMESTAMP),
              Column.of("at", ColumnType.TIMESTAMP_WITH_TIME_ZONE),
              Column.of("s", ColumnType.VARCHAR),
              Column.of("n", ColumnType.VARCHAR)));
  private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
  private static final LocalDateTime TS = LocalDateTime.of(2026, 11, 26, 9, 30);
  private static final Instant AT = Instant.parse("2026-11-26T09:30:00Z");

  private static Row row() {
    return new Row(
        INDEX, new Object[] {7, 8L, new BigDecimal("9.50"), 2.5, true, DAY, TS, AT, "x", null});
  }

  @Test
  void row_readsEachTypeByIndexAndName() {
    Row r = row();
    assertThat(r.size()).isEqualTo(10);
    assertThat(r.columns()).isEqualTo(INDEX.columns());
    assertThat(r.getLong("i")).isEqualTo(7L);
    assertThat(r.getLong(1)).isEqualTo(8L);
    assertThat(r.getLong("n")).isNull();
    assertThat(r.getInt("l")).isEqualTo(8);
    assertThat(r.getInt("n")).isNull();
    assertThat(r.getDouble("f")).isEqualTo(2.5);
    assertThat(r.getDouble("i")).isEqualTo(7.0);
    assertThat(r.getDouble("n")).isNull();
    assertThat(r.getBigDecimal("d")).isEqualTo(new BigDecimal("9.50"));
    assertThat(r.getBigDecimal("i")).isEqualTo(BigDecimal.valueOf(7));
    assertThat(r.getBigDecimal("l")).isEqualTo(BigDecimal.valueOf(8));
    assertThat(r.getBigDecimal("f")).isEqualTo(new BigDecimal("2.5"));
    assertThat(r.getBigDecimal("n")).isNull();
    assertThat(r.getBoolean("b")).isTrue();
    assertThat(r.getBoolean(4)).isTrue();
    assertThat(r.getBoolean("n")).isNull();
    assertThat(r.getDate("day")).isEqualTo(DAY);
    assertThat(r.getDate(5)).isEqualTo(DAY);
    assertThat(r.getTimestamp("ts")).isEqualTo(TS);
    assertThat(r.getTimestamp(6)).isEqualTo(TS);
    assertThat(r.getInstant("at")).isEqualTo(AT);
    assertThat(r.getString("s")).isEqualTo("x");
    assertThat(r.get("S")).isEqualTo("x");
    assertThat(r.isNull("n")).isTrue();
    assertThat(r.isNull(9)).isTrue();
    assertThat(r.isNull("s")).isFalse();
    assertThat(r.isNull(8)).isFalse();
    assertThat(r.values()).hasSize(10).containsNull().startsWith(7, 8L);
    assertThatThrownBy(() -> r.values().set(0, 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void row_conversions_andRefusals() {
    ColumnIndex idx = new ColumnIndex(List.of(Column.of("v", ColumnType.OTHER)));
    assertThat(new Row(idx, new Object[] {(short) 3}).getLong(0)).isEqualTo(3L);
    assertThat(new Row(idx, new Object[] {(byte) 4}).getLong(0)).isEqualTo(4L);
    assertThat(new Row(idx, new Object[] {new BigDecimal("12")}).getLong(0)).isEqualTo(12L);
    assertThatThrownBy(() -> new Row(idx, new Object[] {new BigDecimal("12.5")}).getLong(0))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> new Row(idx, new Object[] {1.5}).getLong(0))
        .isInstanceOf(ClassCastException.class)
        .hasMessage("column 'v' is OTHER (Double), not readable as Long");
    assertThatThrownBy(() -> new Row(idx, new Object[] {Long.MAX_VALUE}).getInt(0))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> new Row(idx, new Object[] {"1.5"}).getDouble(0))
        .isInstanceOf(ClassCastException.class)
        .hasMessageContaining("not readable as Double");
    assertThat(new Row(idx, new Object[] {1.5f}).getBigDecimal(0)).isEqualTo(new BigDecimal("1.5"));
    assertThatThrownBy(() -> new Row(idx, new Object[] {"1.5"}).getBigDecimal(0))
        .isInstanceOf(ClassCastException.class)
        .hasMessageContaining("not readable as BigDecimal");
    assertThatThrownBy(() -> new Row(idx, new Object[] {"true"}).getBoolean(0))
        .isInstanceOf(ClassCastException.class)
        .hasMessageContaining("(String), not readable as Boolean");
    assertThatThrownBy(() -> new Row(idx, new Object[] {1}).get(1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("column index 1 is out of range; the row has 1 columns");
    assertThatThrownBy(() -> new Row(idx, new Object[] {1}).get(-1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(new Row(idx, new Object[] {1}).get(0)).isEqualTo(1);
    assertThatThrownBy(() -> row().get("missing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column named 'missing'")
        .hasMessageContaining("[i, l, d");
  }

  @Test
  void row_equalsByValues_deeply() {
    ColumnIndex idx = new ColumnIndex(List.of(Column.of("v", ColumnType.BINARY)));
    Row a = new Row(idx, new Object[] {new byte[] {1, 2}});
    Row b = new Row(idx, new Object[] {new byte[] {1, 2}});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new Row(idx, new Object[] {new byte[] {1, 3}}));
    assertThat(a).isNotEqualTo("[[1, 2]]");
    assertThat(a.hashCode()).isNotEqualTo(new Row(idx, new Object[] {new byte[] {9}}).hashCode());
    assertThat(a.toString()).isEqualTo("[[1, 2]]");
  }

  @Test
  void query_equalsEverySetting_andHashesItsIdentity() {
    Query base =
        Query.builder("SELECT 1")
            .param("a", 1)
            .timeout(Duration.ofSeconds(5))
            .maxRows(10)
            .label("l")
            .cacheScope("tenant")
            .cacheTtl(Duration.ofMinutes(1))
            .tags("t")
            .build();
    assertThat(base)
        .isEqualTo(base.toBuilder().build())
        .hasSameHashCodeAs(base.toBuilder().build());
    assertThat(base)
        .isNotEqualTo(
            Query.builder("SELECT 2")
                .param("a", 1)
                .timeout(Duration.ofSeconds(5))
                .maxRows(10)
                .label("l")
                .cacheScope("tenant")
                .cacheTtl(Duration.ofMinutes(1))
                .tags("t")
                .build());
    List<Query> variants =
        List.of(
            Query.builder("SELECT 1")
                .param("a", 2)
                .timeout(Duration.ofSeconds(5))
                .maxRows(10)
                .label("l")
                .cacheScope("tenant")
                .cacheTtl(Duration.ofMinutes(1))
                .tags("t")
                .build(),
            Query.builder("SELECT 1")
                .param("a", 1)
                .timeout(Duration.ofSeconds(6))
                .maxRows(10)
                .label("l")
                .cacheScope("tenant")
                .cacheTtl(Duration.ofMinutes(1))
                .tags("t")
                .build(),
            Query.builder("SELECT 1")
                .param("a", 1)
                .timeout(Duration.ofSeconds(5))
                .maxRows(11)
                .label("l")
                .cacheScope("tenant")
                .cacheTtl(Duration.ofMinutes(1))
                .tags("t")
                .build(),
            Query.builder("SELECT 1")
                .param("a", 1)
                .timeout(Duration.ofSeconds(5))
                .maxRows(10)
                .label("m")
                .cacheScope("tenant")
                .cacheTtl(Duration.ofMinutes(1))
                .tags("t")
                .build(),
            Query.builder("SELECT 1")
                .param("a", 1)
                .timeout(Duration.ofSeconds(5))
                .maxRows(10)
                .label("l")
                .cacheScope("other")
                .cacheTtl(Duration.ofMinutes(1))
                .tags("t")
                .build(),
            Query.builder("SELECT 1")
                .param("a", 1)
                .timeout(Duration.ofSeconds(5))
                .maxRows(10)
                .label("l")
                .cacheScope("tenant")
                .cacheTtl(Duration.ofMinutes(2))
                .tags("t")
                .build(),
            Query.builder("SELECT 1")
                .param("a", 1)
                .timeout(Duration.ofSeconds(5))
                .maxRows(10)
                .label("l")
                .cacheScope("tenant")
                .cacheTtl(Duration.ofMinutes(1))
                .cacheable(false)
                .tags("t")
                .build(),
            Query.builder("SELECT 1")
                .param("a", 1)
                .timeout(Duration.ofSeconds(5))
                .maxRows(10)
                .label("l")
                .cacheScope("tenant")
                .cacheTtl(Duration.ofMinutes(1))
                .tags("u")
                .build());
    for (Query v : variants) {
      assertThat(base).as(v.toString()).isNotEqualTo(v);
    }
    assertThat(base).isNotEqualTo("SELECT 1");
    assertThat(base.hashCode()).isNotEqualTo(Query.of("SELECT 2").hashCode());
  }

  @Test
  void query_accessors_andLimits() {
    Query q = Query.of("SELECT :a", Map.of("a", 1));
    assertThat(q.params()).containsEntry("a", 1);
    assertThat(q.maxRows()).isEmpty();
    assertThat(q.cacheTtl()).isEmpty();
    assertThat(q.timeout()).isEmpty();
    assertThat(Query.builder("SELECT 1").maxRows(1).build().maxRows()).hasValue(1);
    assertThat(Query.builder("SELECT 1").cacheTtl(Duration.ofSeconds(3)).build().cacheTtl())
        .hasValue(Duration.ofSeconds(3));
    assertThatThrownBy(() -> Query.builder("SELECT 1").maxRows(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRows must be positive, got 0");
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("a", null);
    assertThat(Query.of("SELECT :a", withNull).params().get("a")).isSameAs(Query.NULL);
    assertThat(Query.NULL.toString()).isEqualTo("NULL");
  }

  @Test
  void query_toString_showsNamesNotValues_andAbbreviatesAt120() {
    Query q =
        Query.builder("SELECT  *\n FROM t WHERE a = :a")
            .param("a", "secret-value")
            .label("lbl")
            .build();
    assertThat(q.toString())
        .isEqualTo("Query{label=lbl, sql=SELECT * FROM t WHERE a = :a, params=[a]}");
    assertThat(Query.of("SELECT 1").toString()).isEqualTo("Query{sql=SELECT 1, params=[]}");
    String exactly120 = "SELECT '" + "x".repeat(111) + "'";
    assertThat(exactly120).hasSize(120);
    assertThat(Query.of(exactly120).toString()).contains("sql=" + exactly120 + ",");
    String longer = exactly120 + " ";
    assertThat(Query.of(longer + "AS y").toString())
        .contains("sql=" + exactly120.substring(0, 117) + "...,");
  }

  @Test
  void stats_showWhatIsKnown_andDeriveTheTotal() {
    QueryStats s =
        QueryStats.builder("athena")
            .queryId("q")
            .queueTime(Duration.ofMillis(1))
            .planningTime(Duration.ofMillis(2))
            .executionTime(Duration.ofMillis(3))
            .rows(4)
            .bytesScanned(0)
            .estimatedCostUsd(new BigDecimal("0.5"))
            .build();
    assertThat(s.totalTime()).isEqualTo(Duration.ofMillis(6));
    assertThat(s.toBuilder().totalTime(Duration.ofMillis(10)).build().totalTime())
        .isEqualTo(Duration.ofMillis(10));
    assertThat(s.bytesScanned()).hasValue(0);
    assertThat(QueryStats.builder("x").bytesScanned(-5).build().bytesScanned()).isEmpty();
    assertThat(s.toString())
        .isEqualTo(
            "QueryStats{engine=athena, queryId=q, queue=PT0.001S, planning=PT0.002S,"
                + " execution=PT0.003S, rows=4, bytesScanned=0, costUsd=0.5, fromCache=false}");
    assertThat(QueryStats.builder("duckdb").build().toString())
        .isEqualTo(
            "QueryStats{engine=duckdb, queryId=null,"
                + " queue=PT0S, execution=PT0S, rows=0, costUsd=0, fromCache=false}");
    assertThat(s).isEqualTo(s.toBuilder().build()).hasSameHashCodeAs(s.toBuilder().build());
    assertThat(s).isEqualTo(s.toBuilder().estimatedCostUsd(new BigDecimal("0.50")).build());
    assertThat(s).isNotEqualTo(s.toBuilder().rows(5).build());
    assertThat(s).isNotEqualTo(s.toBuilder().bytesScanned(1).build());
    assertThat(s).isNotEqualTo(s.toBuilder().fromCache(true).build());
    assertThat(s).isNotEqualTo(s.toBuilder().queryId("r").build());
    assertThat(s).isNotEqualTo(s.toBuilder().queueTime(Duration.ZERO).build());
    assertThat(s).isNotEqualTo(s.toBuilder().executionTime(Duration.ZERO).build());
    assertThat(s).isNotEqualTo(s.toBuilder().estimatedCostUsd(BigDecimal.ONE).build());
    assertThat(s)
        .isNotEqualTo(
            QueryStats.builder("redshift")
                .queryId("q")
                .queueTime(Duration.ofMillis(1))
                .planningTime(Duration.ofMillis(2))
                .executionTime(Duration.ofMillis(3))
                .rows(4)
                .bytesScanned(0)
                .estimatedCostUsd(new BigDecimal("0.5"))
                .build());
    assertThat(s).isNotEqualTo("athena");
    assertThat(s.hashCode()).isNotEqualTo(QueryStats.builder("other").build().hashCode());
    assertThatThrownBy(() -> QueryStats.builder("x").rows(-1))
        .hasMessage("rows must be >= 0, got -1");
    assertThatThrownBy(() -> QueryStats.builder("x").estimatedCostUsd(new BigDecimal("-0.01")))
        .hasMessage("cost must be >= 0, got -0.01");
    assertThatThrownBy(() -> QueryStats.builder("x").queueTime(Duration.ofMillis(-1)))
        .hasMessageContaining("queueTime must not be negative");
  }

  @Test
  void results_equalOnColumnsAndRows_notStats() {
    Row r = row();
    QueryResult a = new QueryResult(INDEX, List.of(r), QueryStats.builder("duckdb").build());
    QueryResult b =
        new QueryResult(INDEX, List.of(row()), QueryStats.builder("athena").rows(1).build());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.isEmpty()).isFalse();
    assertThat(a.size()).isEqualTo(1);
    QueryResult empty = new QueryResult(INDEX, List.of(), QueryStats.builder("duckdb").build());
    assertThat(empty.isEmpty()).isTrue();
    assertThat(a).isNotEqualTo(empty);
    assertThat(a.hashCode()).isNotEqualTo(empty.hashCode());
    assertThat(empty.hashCode()).isEqualTo(31 * INDEX.hashCode() + List.of().hashCode());
    assertThat(a)
        .isNotEqualTo(
            new QueryResult(
                new ColumnIndex(List.of(Column.of("z", ColumnType.INTEGER))),
                List.of(),
                QueryStats.builder("duckdb").build()));
    assertThat(a).isNotEqualTo(r);
    assertThat(a.withStats(QueryStats.builder("x").rows(9).build()).stats().rows()).isEqualTo(9);
    assertThat(empty.toString())
        .startsWith("QueryResult{columns=" + INDEX.columns() + ", rows=0, stats=QueryStats{");
    assertThat(INDEX.toString()).isEqualTo(INDEX.columns().toString());
    assertThat(INDEX)
        .isEqualTo(new ColumnIndex(INDEX.columns()))
        .hasSameHashCodeAs(new ColumnIndex(INDEX.columns()));
    assertThat(INDEX).isNotEqualTo(new ColumnIndex(List.of()));
    assertThat(INDEX).isNotEqualTo(INDEX.columns());
    assertThat(INDEX.hashCode()).isEqualTo(INDEX.columns().hashCode());
  }

  @Test
  void engineMetrics_refuseNegativeCounts() {
    assertThat(new EngineMetrics(0, 0, 0).running()).isZero();
    assertThatThrownBy(() -> new EngineMetrics(-1, 0, 0)).hasMessage("negative count in -1/0/0");
    assertThatThrownBy(() -> new EngineMetrics(0, -1, 0)).hasMessage("negative count in 0/-1/0");
    assertThatThrownBy(() -> new EngineMetrics(0, 0, -1)).hasMessage("negative count in 0/0/-1");
    assertThatThrownBy(() -> new Column("c", ColumnType.DECIMAL, "decimal", -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Column("c", ColumnType.DECIMAL, "decimal", 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Column("c", ColumnType.DECIMAL, "decimal", 0, 0).precision()).isZero();
  }

  /** A client that answers from fields and records what it was asked. */
  static final class Recording implements DatabaseClient {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    RuntimeException failure;
    CompletableFuture<QueryResult> async = new CompletableFuture<>();
    final QueryResult result =
        new QueryResult(INDEX, List.of(row()), QueryStats.builder("rec").queryId("r1").build());

    @Override
    public String engine() {
      return "rec";
    }

    @Override
    public QueryResult execute(Query query) {
      calls.add("execute " + query.sql());
      if (failure != null) {
        throw failure;
      }
      return result;
    }

    @Override
    public RowStream stream(Query query) {
      calls.add(
          "stream " + query.sql() + " " + query.timeout().map(Duration::toMillis).orElse(-1L));
      return ListRowStream.of(result, () -> calls.add("stream closed"));
    }

    @Override
    public CompletableFuture<QueryResult> executeAsync(Query query) {
      calls.add("async " + query.sql());
      return async;
    }

    @Override
    public boolean cancel(String queryId) {
      calls.add("cancel " + queryId);
      return queryId.equals("r1");
    }

    @Override
    public Health health() {
      return Health.up("database:rec");
    }

    @Override
    public Optional<EngineMetrics> engineMetrics() {
      return Optional.of(new EngineMetrics(1, 2, 3));
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  @Test
  void forwarding_passesEveryCall_andCancellingItsFutureCancelsTheSource() {
    Recording rec = new Recording();
    ForwardingDatabaseClient f = new ForwardingDatabaseClient(rec) {};
    assertThat(f.engine()).isEqualTo("rec");
    assertThat(f.cancel("r1")).isTrue();
    assertThat(f.cancel("zz")).isFalse();
    assertThat(f.engineMetrics()).hasValue(new EngineMetrics(1, 2, 3));
    assertThat(f.health().status()).isEqualTo(Health.Status.UP);
    try (RowStream s = f.stream(Query.of("SELECT s"))) {
      assertThat(s.stream().map(r -> r.getString("s")).collect(Collectors.toList()))
          .containsExactly("x");
    }
    f.close();
    assertThat(rec.calls)
        .containsExactly("cancel r1", "cancel zz", "stream SELECT s -1", "stream closed", "close");

    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> derived = ForwardingDatabaseClient.cancelling(source);
    assertThat(derived.cancel(true)).isTrue();
    assertThat(source).isCancelled();
    CompletableFuture<String> done = new CompletableFuture<>();
    CompletableFuture<String> derivedDone = ForwardingDatabaseClient.cancelling(done);
    derivedDone.complete("x");
    assertThat(derivedDone.cancel(true)).isFalse();
  }

  @Test
  void rowStream_asJavaStream_closesTheRowStream() {
    Recording rec = new Recording();
    try (var s = rec.stream(Query.of("SELECT s")).stream()) {
      assertThat(s.count()).isEqualTo(1);
    }
    assertThat(rec.calls).contains("stream closed");
  }

  @Test
  void listening_tellsEveryListener_evenWhenOneThrows() throws Exception {
    Recording rec = new Recording();
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    QueryListener broken =
        new QueryListener() {
          @Override
          public void onSuccess(Query query, QueryStats stats) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void onFailure(Query query, RuntimeException failure, Duration elapsed) {
            throw new IllegalStateException("listener bug");
          }
        };
    QueryListener recording =
        new QueryListener() {
          @Override
          public void onSuccess(Query query, QueryStats stats) {
            heard.add("ok " + query.sql() + " " + stats.queryId().orElse("?"));
          }

          @Override
          public void onFailure(Query query, RuntimeException failure, Duration elapsed) {
            heard.add(
                "failed " + query.sql() + " " + failure.getMessage() + " " + !elapsed.isNegative());
          }
        };
    ListeningDatabaseClient l = ListeningDatabaseClient.wrap(rec, List.of(broken, recording));
    assertThat(l.execute(Query.of("SELECT 1"))).isSameAs(rec.result);
    rec.failure = new RunwayException("boom", ErrorCategory.TRANSIENT, null, null);
    assertThatThrownBy(() -> l.execute(Query.of("SELECT 2"))).isSameAs(rec.failure);
    assertThat(heard).containsExactly("ok SELECT 1 r1", "failed SELECT 2 boom true");

    heard.clear();
    CompletableFuture<QueryResult> f = l.executeAsync(Query.of("SELECT 3"));
    assertThat(f).isNotDone();
    rec.async.complete(rec.result);
    assertThat(f.get(5, TimeUnit.SECONDS)).isSameAs(rec.result);
    rec.async = new CompletableFuture<>();
    CompletableFuture<QueryResult> g = l.executeAsync(Query.of("SELECT 4"));
    rec.async.completeExceptionally(
        new CompletionException(new RunwayException("late", ErrorCategory.TIMEOUT, null, null)));
    assertThatThrownBy(() -> g.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(RunwayException.class)
        .hasRootCauseMessage("late");
    rec.async = new CompletableFuture<>();
    CompletableFuture<QueryResult> h = l.executeAsync(Query.of("SELECT 5"));
    rec.async.completeExceptionally(new Error("not a runtime exception"));
    assertThatThrownBy(() -> h.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(Error.class);
    assertThat(heard).containsExactly("ok SELECT 3 r1", "failed SELECT 4 late true");
    rec.async = new CompletableFuture<>();
    CompletableFuture<QueryResult> c = l.executeAsync(Query.of("SELECT 6"));
    assertThat(c.cancel(true)).isTrue();
    assertThat(rec.async).isCancelled();
  }

  @Test
  void resilient_boundsTheTimeout_andReportsAnOpenCircuitAsDegraded() {
    Recording rec = new Recording();
    ResiliencePolicy policy =
        ResiliencePolicy.builder()
            .maxAttempts(1)
            .timeout(Duration.ofSeconds(2))
            .circuitBreaker(1, Duration.ofMinutes(5))
            .build();
    ResilientDatabaseClient r = ResilientDatabaseClient.wrap(rec, policy);
    assertThat(r.policy()).isSameAs(policy);
    r.stream(Query.of("SELECT a")).close();
    r.stream(Query.builder("SELECT b").timeout(Duration.ofSeconds(5)).build()).close();
    r.stream(Query.builder("SELECT c").timeout(Duration.ofSeconds(1)).build()).close();
    r.stream(Query.builder("SELECT d").timeout(Duration.ofSeconds(2)).build()).close();
    assertThat(rec.calls)
        .containsExactly(
            "stream SELECT a 2000",
            "stream closed",
            "stream SELECT b 2000",
            "stream closed",
            "stream SELECT c 1000",
            "stream closed",
            "stream SELECT d 2000",
            "stream closed");
    assertThat(r.health().status()).isEqualTo(Health.Status.UP);
    rec.failure = new RunwayException("down", ErrorCategory.UNAVAILABLE, null, null);
    assertThatThrownBy(() -> r.execute(Query.of("SELECT 1"))).isInstanceOf(RunwayException.class);
    assertThat(policy.circuitState()).isEqualTo(ResiliencePolicy.CircuitState.OPEN);
    assertThat(r.health().status()).isEqualTo(Health.Status.DEGRADED);
    assertThat(r.health().detail()).isEqualTo("circuit breaker open");
    assertThat(r.toString()).startsWith("ResilientDatabaseClient{").contains(policy.toString());
    ResilientDatabaseClient unbounded = ResilientDatabaseClient.wrap(rec, ResiliencePolicy.none());
    rec.calls.clear();
    unbounded.stream(Query.of("SELECT e")).close();
    assertThat(rec.calls).containsExactly("stream SELECT e -1", "stream closed");
  }
}
