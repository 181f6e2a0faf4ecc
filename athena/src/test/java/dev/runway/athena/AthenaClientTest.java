package dev.runway.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.athena.AthenaDatabaseClient.ResultFetch;
import dev.runway.core.cost.ScanBudgetDatabaseClient;
import dev.runway.core.cost.ScanBudgetExceededException;
import dev.runway.core.engine.PollingPolicy;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.health.Health;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.InvalidQueryException;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryTimeoutException;
import dev.runway.core.query.Row;
import dev.runway.core.query.RowStream;
import dev.runway.testkit.aws.AthenaFixture;
import dev.runway.testkit.aws.AwsJsonFixture;
import dev.runway.testkit.aws.FixtureEngine;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Athena behaviours beyond the contract, through the real SDK to the protocol fixture. */
@Timeout(120)
class AthenaClientTest {

  private static final PollingPolicy FAST =
      new PollingPolicy(Duration.ofMillis(10), 1.5, Duration.ofMillis(100), 0.2);

  private AthenaFixture fixture;
  private AthenaDatabaseClient athena;

  @BeforeEach
  void start() {
    fixture = new AthenaFixture();
    athena = client(b -> {});
  }

  @AfterEach
  void stop() {
    athena.close();
    fixture.close();
  }

  private AthenaDatabaseClient client(Consumer<AthenaDatabaseClient.Builder> custom) {
    return client(FAST, ResultFetch.API, custom);
  }

  private AthenaDatabaseClient client(
      PollingPolicy polling, Consumer<AthenaDatabaseClient.Builder> custom) {
    return client(polling, ResultFetch.API, custom);
  }

  /**
   * A client on the fixture; each setting is given once, so the test's own go through the
   * parameters.
   */
  private AthenaDatabaseClient client(
      PollingPolicy polling, ResultFetch fetch, Consumer<AthenaDatabaseClient.Builder> custom) {
    AthenaDatabaseClient.Builder b =
        AthenaDatabaseClient.builder()
            .athenaClient(AthenaTestClients.athena(fixture, false))
            .database("runway")
            .outputLocation("s3://results/test/")
            .polling(polling)
            .resultFetch(fetch);
    custom.accept(b);
    return b.build();
  }

  /**
   * Waits up to 5 s for the fixture to reach {@code state} (it finishes a stopped statement on its
   * own thread).
   */
  private FixtureEngine.State awaitState(String id, FixtureEngine.State state) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (fixture.states().get(id) != state && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return fixture.states().get(id);
  }

  @Test
  @DisplayName("a 2,500-row result comes back complete and in order across 3 pages")
  void largeResult_threePages() {
    QueryResult r = athena.execute("SELECT i FROM range(1, 2501) t(i) ORDER BY i");
    assertThat(r.size()).isEqualTo(2500);
    for (int i = 0; i < 2500; i++) {
      assertThat(r.row(i).getLong(0)).isEqualTo(i + 1L);
    }
    assertThat(fixture.calls("GetQueryResults")).isEqualTo(3);
    assertThat(r.stats().rows()).isEqualTo(2500);
  }

  @Test
  @DisplayName("a stream reads pages as it goes and stops fetching when closed early")
  void stream_closedEarly_fetchesNoMorePages() {
    try (RowStream s = athena.stream(Query.of("SELECT i FROM range(0, 10000) t(i) ORDER BY i"))) {
      int n = 0;
      for (Row row : s) {
        assertThat(row.getLong(0)).isEqualTo(n);
        if (++n == 1500) {
          break;
        }
      }
    }
    // the first page, the second, and at most one prefetched page beyond
    assertThat(fixture.calls("GetQueryResults")).isBetween(2L, 3L);
  }

  @Test
  @DisplayName("a timed-out query is stopped with StopQueryExecution and reports its id")
  void timeout_callsStopQueryExecution() {
    assertThatThrownBy(
            () ->
                athena.execute(
                    Query.builder("/* fixture:sleep=30000 */ SELECT 1")
                        .timeout(Duration.ofMillis(300))
                        .build()))
        .isInstanceOfSatisfying(
            QueryTimeoutException.class,
            e -> {
              assertThat(e.queryId()).isPresent();
              assertThat(awaitState(e.queryId().get(), FixtureEngine.State.CANCELLED))
                  .isEqualTo(FixtureEngine.State.CANCELLED);
            });
    assertThat(fixture.calls("StopQueryExecution")).isEqualTo(1);
  }

  @Test
  @DisplayName("throttled StartQueryExecution calls are waited out and the query succeeds")
  void throttling_isRetried() {
    fixture.failNext("StartQueryExecution", 4, AthenaFixture.concurrencyLimit());
    QueryResult r = athena.execute("SELECT 42 AS answer");
    assertThat(r.row(0).getInt("answer")).isEqualTo(42);
    assertThat(fixture.calls("StartQueryExecution")).isEqualTo(5);
  }

  @Test
  @DisplayName("the account's concurrent-query limit is waited out, not failed")
  void concurrencyLimit_isWaitedOut() throws Exception {
    fixture.maxConcurrentQueries(1);
    List<CompletableFuture<QueryResult>> futures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      futures.add(athena.executeAsync(Query.of("/* fixture:sleep=200 */ SELECT " + i + " AS i")));
    }
    for (int i = 0; i < 4; i++) {
      assertThat(futures.get(i).get(60, TimeUnit.SECONDS).row(0).getInt("i")).isEqualTo(i);
    }
    assertThat(fixture.calls("StartQueryExecution")).isGreaterThan(4);
  }

  @Test
  @DisplayName("the client's own in-flight cap keeps it under the limit without a single throttle")
  void inFlightCap_avoidsThrottling() throws Exception {
    fixture.maxConcurrentQueries(2);
    try (AthenaDatabaseClient capped = client(b -> b.maxConcurrentQueries(2))) {
      List<CompletableFuture<QueryResult>> futures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        futures.add(capped.executeAsync(Query.of("/* fixture:sleep=100 */ SELECT " + i + " AS i")));
      }
      for (CompletableFuture<QueryResult> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
    assertThat(fixture.calls("StartQueryExecution")).isEqualTo(6);
  }

  @Test
  @DisplayName("a non-retryable user error fails at once, with the query id, without retries")
  void userError_failsAtOnce() {
    assertThatThrownBy(() -> athena.execute("SELECT * FROM no_such_table"))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.USER_ERROR);
              assertThat(e.retryable()).isFalse();
              assertThat(e.queryId()).isPresent();
              assertThat(e.getMessage()).contains("no_such_table").contains("category 2");
            });
    assertThat(fixture.calls("StartQueryExecution")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "AthenaError categories map to Runway's: system+retryable is transient, resources exhausted is throttled")
  void athenaError_mapping() {
    fixture.failNextQuery(1, 100, true, "Internal service error");
    assertThatThrownBy(() -> athena.execute("SELECT 1"))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
              assertThat(e.retryable()).isTrue();
            });
    fixture.failNextQuery(1, 3, true, "Query exhausted resources at this scale factor");
    assertThatThrownBy(() -> athena.execute("SELECT 1"))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.THROTTLED));
    fixture.failNextQuery(1, 206, false, "Query timeout");
    assertThatThrownBy(() -> athena.execute("SELECT 1"))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT));
  }

  @Test
  @DisplayName("an injection-shaped value is sent as an ExecutionParameter and stays data")
  void injection_staysData() {
    athena.execute("CREATE TABLE item (name VARCHAR)");
    athena.execute(Query.builder("INSERT INTO item VALUES (:n)").param("n", "a'b").build());
    String evil = "x' OR '1'='1";
    assertThat(
            athena
                .execute(
                    Query.builder("SELECT count(*) AS n FROM item WHERE name = :n")
                        .param("n", evil)
                        .build())
                .row(0)
                .getLong("n"))
        .isZero();
    assertThat(
            athena
                .execute(
                    Query.builder("SELECT name FROM item WHERE name = :n")
                        .param("n", "a'b")
                        .build())
                .row(0)
                .getString("name"))
        .isEqualTo("a'b");
  }

  @Test
  @DisplayName("parameters in DDL are refused before anything is sent")
  void ddlParameters_refused() {
    assertThatThrownBy(
            () ->
                athena.execute(
                    Query.builder("CREATE TABLE t AS SELECT :x AS x").param("x", 1).build()))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("DDL")
        .hasMessageContaining("x");
    assertThat(fixture.calls("StartQueryExecution")).isZero();
  }

  @Test
  @DisplayName("stats carry bytes scanned and cost with the 10 MB minimum; DDL costs nothing")
  void stats_costAndBytes() {
    QueryResult r = athena.execute("SELECT i FROM range(0, 100) t(i)");
    assertThat(r.stats().bytesScanned()).isPresent();
    assertThat(r.stats().bytesScanned().getAsLong()).isPositive();
    // 10 MB at $5 per TB (2^40 bytes)
    assertThat(r.stats().estimatedCostUsd()).isEqualByComparingTo(new BigDecimal("0.00004768"));
    assertThat(r.stats().queryId()).isPresent();
    QueryResult slow = athena.execute("/* fixture:sleep=300 */ SELECT 1");
    assertThat(slow.stats().executionTime()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(slow.stats().totalTime()).isGreaterThanOrEqualTo(slow.stats().executionTime());
    QueryResult ddl = athena.execute("CREATE TABLE costs_nothing (x INTEGER)");
    assertThat(ddl.stats().estimatedCostUsd()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(ddl.columns()).isEmpty();
  }

  @Test
  @DisplayName(
      "with result reuse on, a repeated query is served from Athena's earlier result, free")
  void resultReuse_reportedAsFromCache() {
    try (AthenaDatabaseClient reuse = client(b -> b.resultReuse(Duration.ofMinutes(15)))) {
      QueryResult first = reuse.execute("SELECT 7 AS seven");
      QueryResult second = reuse.execute("SELECT 7 AS seven");
      assertThat(first.stats().fromCache()).isFalse();
      assertThat(second.stats().fromCache()).isTrue();
      assertThat(second.stats().estimatedCostUsd()).isEqualByComparingTo(BigDecimal.ZERO);
      assertThat(second.row(0).getInt("seven")).isEqualTo(7);
    }
    QueryResult off = athena.execute("SELECT 7 AS seven");
    assertThat(off.stats().fromCache()).isFalse();
  }

  @Test
  @DisplayName(
      "AUTO reads a one-page result from the API alone and the rest of a larger one from S3")
  void autoFetch_choosesBySize() {
    try (AthenaDatabaseClient auto =
        client(FAST, ResultFetch.AUTO, b -> b.s3Client(AthenaTestClients.s3(fixture)))) {
      fixture.resetCalls();
      QueryResult small = auto.execute("SELECT i FROM range(0, 10) t(i) ORDER BY i");
      assertThat(small.size()).isEqualTo(10);
      assertThat(fixture.calls("GetQueryResults")).isEqualTo(1);
      fixture.resetCalls();
      QueryResult large =
          auto.execute("SELECT i, 'row ' || i AS label FROM range(0, 20000) t(i) ORDER BY i");
      assertThat(large.size()).isEqualTo(20000);
      assertThat(large.row(19999).getString("label")).isEqualTo("row 19999");
      // the first page from the API, the other 19,001 rows from S3
      assertThat(fixture.calls("GetQueryResults")).isEqualTo(1);
      for (int i = 0; i < 20000; i++) {
        assertThat(large.row(i).getLong("i")).isEqualTo(i);
      }
    }
  }

  @Test
  @DisplayName("status calls of many concurrent queries stay under the client's rate")
  void statusCalls_rateLimited() throws Exception {
    try (AthenaDatabaseClient limited =
        client(PollingPolicy.fixed(Duration.ofMillis(5)), b -> b.statusCallsPerSecond(20))) {
      long start = System.nanoTime();
      List<CompletableFuture<QueryResult>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(limited.executeAsync(Query.of("/* fixture:sleep=1000 */ SELECT 1")));
      }
      for (CompletableFuture<QueryResult> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long calls = fixture.calls("GetQueryExecution");
      // 8 queries polling every 5 ms for a second would make ~1,600 calls unthrottled
      assertThat(calls).isLessThanOrEqualTo((long) Math.ceil(20 * seconds) + 2);
      assertThat(limited.engineMetrics().orElseThrow().statusCalls()).isEqualTo(calls);
    }
  }

  @Test
  @DisplayName(
      "scan budget: a query that scanned more than the budget last time is refused, naming both figures")
  void scanBudget_observed() {
    try (AthenaDatabaseClient athena = client(b -> {});
        DatabaseClient budgeted =
            ScanBudgetDatabaseClient.builder(athena).budgetBytes(1L << 20).build()) {
      String big = "SELECT i, 'padding padding padding ' || i AS p FROM range(0, 100000) t(i)";
      QueryResult first = budgeted.execute(Query.builder(big).label("report.big").build());
      assertThat(first.stats().bytesScanned().getAsLong()).isGreaterThan(1L << 20);
      assertThatThrownBy(() -> budgeted.execute(Query.builder(big).label("report.big").build()))
          .isInstanceOfSatisfying(
              ScanBudgetExceededException.class,
              e -> {
                assertThat(e.budgetBytes()).isEqualTo(1L << 20);
                assertThat(e.getMessage())
                    .contains("report.big")
                    .contains("1.0 MiB")
                    .contains("MiB when it last ran");
              });
      assertThat(fixture.calls("StartQueryExecution")).isEqualTo(1);
      assertThat(budgeted.execute("SELECT 1 AS small").size()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "scan budget with EXPLAIN: an estimate over the budget refuses the query before it runs")
  void scanBudget_explain() {
    try (AthenaDatabaseClient athena = client(b -> b.maxConcurrentQueries(1));
        DatabaseClient budgeted =
            ScanBudgetDatabaseClient.builder(athena)
                .budgetBytes(10L << 20)
                .estimator(athena.scanEstimator())
                .build()) {
      fixture.ioEstimate(50L << 20);
      assertThatThrownBy(
              () ->
                  budgeted.execute(
                      Query.builder("SELECT * FROM range(0, 10) t(i) WHERE i > :n")
                          .param("n", 3)
                          .build()))
          .isInstanceOf(ScanBudgetExceededException.class)
          .hasMessageContaining("estimated to scan 50.0 MiB")
          .hasMessageContaining("10.0 MiB");
      assertThat(fixture.calls("StartQueryExecution")).isEqualTo(1); // the EXPLAIN only
      fixture.ioEstimate(Double.NaN); // no statistics: no estimate, the query runs
      assertThat(
              budgeted
                  .execute(
                      Query.builder("SELECT * FROM range(0, 10) t(i) WHERE i > :n")
                          .param("n", 3)
                          .build())
                  .size())
          .isEqualTo(6);
    }
  }

  @Test
  @DisplayName(
      "a running query's id is known as soon as Athena accepts it, and cancelling by id stops it")
  void runningQueries_cancelById() throws Exception {
    CompletableFuture<QueryResult> f =
        athena.executeAsync(
            Query.builder("/* fixture:sleep=30000 */ SELECT 1").label("dashboard.slow").build());
    String id = null;
    for (int i = 0; i < 500 && id == null; i++) {
      id =
          athena.runningQueries().entrySet().stream()
              .filter(e -> e.getValue().label().orElse("").equals("dashboard.slow"))
              .map(java.util.Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      Thread.sleep(10);
    }
    assertThat(id).isNotNull();
    assertThat(athena.cancel(id)).isTrue();
    assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(dev.runway.core.query.QueryCancelledException.class);
    assertThat(awaitState(id, FixtureEngine.State.CANCELLED))
        .isEqualTo(FixtureEngine.State.CANCELLED);
    assertThat(athena.runningQueries()).isEmpty();
  }

  @Test
  @DisplayName(
      "a failing status call is asked again; when it keeps failing the query is stopped, not left running")
  void statusCallFailures() {
    dev.runway.testkit.aws.AwsJsonFixture.AwsFault fault =
        new dev.runway.testkit.aws.AwsJsonFixture.AwsFault(
            500, "InternalServerException", "try again");
    fixture.failNext("GetQueryExecution", 3, fault);
    assertThat(athena.execute("/* fixture:sleep=100 */ SELECT 3 AS three").row(0).getInt("three"))
        .isEqualTo(3);

    fixture.failNext("GetQueryExecution", 100, fault);
    assertThatThrownBy(() -> athena.execute("/* fixture:sleep=30000 */ SELECT 1"))
        .isInstanceOfSatisfying(
            QueryFailedException.class, e -> assertThat(e.retryable()).isTrue());
    assertThat(fixture.calls("StopQueryExecution")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "cancelling while the poller sleeps calls StopQueryExecution once; the poller's wake-up does not stop it again")
  void cancelWhilePollerSleeps_stopsOnce() throws Exception {
    try (AthenaDatabaseClient slow = client(PollingPolicy.fixed(Duration.ofSeconds(2)), b -> {})) {
      CompletableFuture<QueryResult> f =
          slow.executeAsync(Query.of("/* fixture:sleep=30000 */ SELECT 1"));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (slow.runningQueries().isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      String id = slow.runningQueries().keySet().iterator().next();
      assertThat(f.cancel(true)).isTrue();
      assertThat(awaitState(id, FixtureEngine.State.CANCELLED))
          .isEqualTo(FixtureEngine.State.CANCELLED);
      long wake = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < wake && slow.runningQueries().containsKey(id)) {
        Thread.sleep(20);
      }
      assertThat(fixture.calls("StopQueryExecution")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "health runs no query: one GetWorkGroup, reused for the cache interval; an unknown workgroup is DOWN")
  void health_runsNoQuery() {
    fixture.resetCalls();
    try (AthenaDatabaseClient athena = client(b -> {})) {
      assertThat(athena.health().status()).isEqualTo(Health.Status.UP);
      assertThat(athena.health().status()).isEqualTo(Health.Status.UP);
      assertThat(fixture.calls("StartQueryExecution")).isZero();
      assertThat(fixture.calls("GetWorkGroup")).isEqualTo(1);
    }
    try (AthenaDatabaseClient wrong = client(b -> b.workgroup("no-such-workgroup"))) {
      assertThat(wrong.health().status()).isEqualTo(Health.Status.DOWN);
      assertThat(wrong.health().detail()).contains("GetWorkGroup");
    }
    assertThat(fixture.calls("StartQueryExecution")).isZero();
  }

  @Test
  @DisplayName(
      "one retry layer: a client Runway builds sends a failing submission 1 + 3 times, not 3 x that")
  void runwayBuiltClient_oneRetryLayer() {
    try (AthenaDatabaseClient built =
        AthenaDatabaseClient.builder()
            .endpoint(fixture.endpoint())
            .region("us-east-1")
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("fixture", "fixture")))
            .resultFetch(ResultFetch.API)
            .database("runway")
            .outputLocation("s3://results/test/")
            .polling(FAST)
            .build()) {
      fixture.resetCalls();
      fixture.failNext(
          "StartQueryExecution",
          10,
          new AwsJsonFixture.AwsFault(500, "InternalServerException", "boom"));
      assertThatThrownBy(() -> built.execute("SELECT 1"))
          .isInstanceOfSatisfying(
              QueryFailedException.class,
              e -> assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT));
      assertThat(fixture.calls("StartQueryExecution")).isEqualTo(4);
      fixture.resetCalls();
    }
  }

  @Test
  @DisplayName(
      "ClientRequestToken: a start whose answer was lost is sent again with the same token and runs once")
  void lostStartResponse_retriedWithSameToken_runsOnce() {
    fixture.loseNextResponse(
        "StartQueryExecution",
        1,
        new AwsJsonFixture.AwsFault(
            500, "InternalServerException", "connection reset after the query was accepted"));
    try (AthenaDatabaseClient athena = client(b -> {})) {
      fixture.resetCalls();
      assertThat(athena.execute("SELECT 7 AS seven").row(0).getInt("seven")).isEqualTo(7);
      assertThat(fixture.calls("StartQueryExecution")).isEqualTo(2);
      assertThat(fixture.states()).as("executions the fixture ran").hasSize(1);
    }
  }
}
