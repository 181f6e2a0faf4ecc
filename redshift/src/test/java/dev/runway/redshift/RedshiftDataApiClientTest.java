package dev.runway.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.core.engine.PollingPolicy;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.health.Health;
import dev.runway.core.query.InvalidQueryException;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryTimeoutException;
import dev.runway.testkit.aws.AwsJsonFixture;
import dev.runway.testkit.aws.FixtureEngine;
import dev.runway.testkit.aws.RedshiftDataFixture;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Data API behaviours beyond the contract, through the real SDK to the protocol fixture. */
@Timeout(120)
class RedshiftDataApiClientTest {

  private RedshiftDataFixture fixture;
  private RedshiftDataApiClient redshift;

  @BeforeEach
  void start() {
    fixture = new RedshiftDataFixture();
    redshift = client(b -> b.workgroup("analytics"));
  }

  @AfterEach
  void stop() {
    redshift.close();
    fixture.close();
  }

  private RedshiftDataApiClient client(Consumer<RedshiftDataApiClient.Builder> target) {
    return client(
        target, new PollingPolicy(Duration.ofMillis(10), 1.5, Duration.ofMillis(100), 0.2));
  }

  private RedshiftDataApiClient client(
      Consumer<RedshiftDataApiClient.Builder> target, PollingPolicy polling) {
    RedshiftDataApiClient.Builder b =
        RedshiftClients.dataApi()
            .client(RedshiftTestClients.dataApi(fixture, false))
            .database("dev")
            .polling(polling);
    target.accept(b);
    return b.build();
  }

  @Test
  @DisplayName("a 2,500-row result comes back complete and in order across 3 pages")
  void largeResult_threePages() {
    QueryResult r = redshift.execute("SELECT i FROM range(1, 2501) t(i) ORDER BY i");
    assertThat(r.size()).isEqualTo(2500);
    for (int i = 0; i < 2500; i++) {
      assertThat(r.row(i).getLong(0)).isEqualTo(i + 1L);
    }
    assertThat(fixture.calls("GetStatementResult")).isEqualTo(3);
  }

  @Test
  @DisplayName("a timed-out statement is stopped with CancelStatement and reports its id")
  void timeout_callsCancelStatement() {
    assertThatThrownBy(
            () ->
                redshift.execute(
                    Query.builder("/* fixture:sleep=30000 */ SELECT 1")
                        .timeout(Duration.ofMillis(300))
                        .build()))
        .isInstanceOfSatisfying(
            QueryTimeoutException.class, e -> assertThat(e.queryId()).isPresent());
    assertThat(fixture.calls("CancelStatement")).isEqualTo(1);
    awaitState(fixture.lastId(), FixtureEngine.State.CANCELLED);
  }

  @Test
  @DisplayName(
      "cancelling the future while the poller sleeps sends CancelStatement once, and the statement is ABORTED")
  void cancelWhilePollerSleeps_stopsOnce() throws Exception {
    try (RedshiftDataApiClient slowPolling =
        client(b -> b.workgroup("analytics"), PollingPolicy.fixed(Duration.ofSeconds(2)))) {
      CompletableFuture<QueryResult> f =
          slowPolling.executeAsync(Query.of("/* fixture:sleep=30000 */ SELECT 1"));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (slowPolling.runningQueries().isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      String id = slowPolling.runningQueries().keySet().iterator().next();
      assertThat(f.cancel(true)).isTrue();
      awaitState(id, FixtureEngine.State.CANCELLED);
      // the poller wakes up later and must not stop it again (the service would refuse)
      long wake = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < wake && slowPolling.runningQueries().containsKey(id)) {
        Thread.sleep(20);
      }
      assertThat(slowPolling.runningQueries()).doesNotContainKey(id);
      assertThat(fixture.calls("CancelStatement")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "stopping a statement that already finished is not an error (the service's refusal is read as done)")
  void stopFinishedStatement_isQuiet() {
    QueryResult r = redshift.execute("SELECT 1 AS one");
    String id = r.stats().queryId().orElseThrow();
    RedshiftDataApiEngine engine =
        new RedshiftDataApiEngine(
            RedshiftClients.dataApi().workgroup("analytics").database("dev"),
            RedshiftTestClients.dataApi(fixture, false),
            true);
    engine.stop(id); // the fixture answers ValidationException, as the service does
    assertThat(fixture.calls("CancelStatement")).isEqualTo(1);
  }

  private void awaitState(String id, FixtureEngine.State state) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (fixture.engine().get(id).state() != state) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "statement " + id + " is " + fixture.engine().get(id).state() + ", not " + state);
      }
      Thread.onSpinWait();
    }
  }

  @Test
  @DisplayName("ActiveStatementsExceeded and throttling are waited out and the statement succeeds")
  void throttling_isRetried() {
    fixture.failNext(
        "ExecuteStatement",
        2,
        new AwsJsonFixture.AwsFault(
            400,
            "ActiveStatementsExceededException",
            "Active statements exceeded the allowed quota."));
    fixture.failNext(
        "ExecuteStatement",
        2,
        new AwsJsonFixture.AwsFault(400, "ThrottlingException", "Rate exceeded"));
    assertThat(redshift.execute("SELECT 5 AS five").row(0).getInt("five")).isEqualTo(5);
    assertThat(fixture.calls("ExecuteStatement")).isEqualTo(5);
  }

  @Test
  @DisplayName("a failed statement is a user error at once, with the statement id")
  void userError_failsAtOnce() {
    assertThatThrownBy(() -> redshift.execute("SELECT * FROM no_such_table"))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.USER_ERROR);
              assertThat(e.queryId()).isPresent();
              assertThat(e.getMessage()).contains("no_such_table");
            });
    assertThat(fixture.calls("ExecuteStatement")).isEqualTo(1);
  }

  @Test
  @DisplayName("a validation error of the API is a user error naming what is wrong")
  void validationError() {
    try (RedshiftDataApiClient both = client(b -> b.cluster("c1", "analyst", null))) {
      fixture.failNext(
          "ExecuteStatement",
          1,
          new AwsJsonFixture.AwsFault(400, "ValidationException", "Cluster c1 not found"));
      assertThatThrownBy(() -> both.execute("SELECT 1"))
          .isInstanceOfSatisfying(
              QueryFailedException.class,
              e -> {
                assertThat(e.category()).isEqualTo(ErrorCategory.USER_ERROR);
                assertThat(e.getMessage())
                    .contains("ValidationException")
                    .contains("Cluster c1 not found");
              });
    }
  }

  @Test
  @DisplayName(
      "values are sent as named text parameters; NULL and '' become constants, never spliced text")
  void parameters_namedText() {
    String evil = "x'; DROP TABLE t; --";
    QueryResult r =
        redshift.execute(
            Query.builder("SELECT :a AS a, :n AS n, :e AS e, :d AS d, :a AS again")
                .param("a", evil)
                .param("n", null)
                .param("e", "")
                .param("d", new BigDecimal("7.50"))
                .build());
    assertThat(r.row(0).getString("a")).isEqualTo(evil);
    assertThat(r.row(0).get("n")).isNull();
    assertThat(r.row(0).get("e")).isEqualTo("");
    assertThat(r.row(0).getString("again")).isEqualTo(evil);
    JsonNode sent = fixture.lastRequest();
    assertThat(sent.path("Sql").asText())
        .isEqualTo("SELECT :a AS a, NULL AS n, '' AS e, :d AS d, :a AS again");
    assertThat(sent.path("Parameters")).hasSize(2);
    assertThat(sent.path("Parameters").get(0).path("value").asText()).isEqualTo(evil);
    assertThat(sent.path("Parameters").get(1).path("value").asText()).isEqualTo("7.50");
    assertThat(sent.path("WorkgroupName").asText()).isEqualTo("analytics");
    assertThat(sent.has("DbUser")).isFalse();
  }

  @Test
  @DisplayName("byte[] parameters are refused with the fix named")
  void bytes_refused() {
    assertThatThrownBy(
            () -> redshift.execute(Query.builder("SELECT :b").param("b", new byte[] {1}).build()))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("to_varbyte(:b, 'hex')");
    assertThat(fixture.calls("ExecuteStatement")).isZero();
  }

  @Test
  @DisplayName(
      "a provisioned cluster is addressed with ClusterIdentifier and DbUser, and costs nothing per statement")
  void provisioned_target() {
    try (RedshiftDataApiClient cluster = client(b -> b.cluster("prod-cluster", "analyst", null))) {
      QueryResult r =
          cluster.execute(Query.builder("SELECT 1 AS one").label("dashboard.kpi").build());
      assertThat(r.stats().estimatedCostUsd()).isEqualByComparingTo(BigDecimal.ZERO);
      JsonNode sent = fixture.lastRequest();
      assertThat(sent.path("ClusterIdentifier").asText()).isEqualTo("prod-cluster");
      assertThat(sent.path("DbUser").asText()).isEqualTo("analyst");
      assertThat(sent.path("StatementName").asText()).isEqualTo("dashboard.kpi");
      assertThat(sent.has("WorkgroupName")).isFalse();
    }
    assertThatThrownBy(() -> RedshiftClients.dataApi().cluster("c", null, null))
        .hasMessageContaining("database user")
        .hasMessageContaining("secret");
    assertThatThrownBy(() -> RedshiftClients.dataApi().database("dev").build())
        .hasMessageContaining("workgroup");
  }

  @Test
  @DisplayName(
      "Serverless stats carry the duration and the statement's share; the minute's rest is overhead")
  void serverless_cost() {
    QueryResult r = redshift.execute("SELECT 1 AS one");
    RedshiftServerlessCost price = new RedshiftServerlessCost(8, new BigDecimal("0.375"));
    // the running time it added, never the 60-second minimum ($0.05 at 8 RPU x $0.375 per RPU-hour)
    assertThat(r.stats().estimatedCostUsd())
        .isPositive()
        .isLessThanOrEqualTo(price.price(r.stats().executionTime()));
    RedshiftServerlessCost.Totals totals = redshift.serverlessCost().orElseThrow();
    assertThat(totals.billedUsd()).isGreaterThanOrEqualTo(new BigDecimal("0.05"));
    assertThat(totals.minimumUsd()).isPositive();
    assertThat(r.stats().executionTime()).isPositive();
    assertThat(r.stats().engine()).isEqualTo("redshift");
  }

  @Test
  @DisplayName("timestamps and decimals read back with their full precision")
  void types_roundTrip() {
    QueryResult r =
        redshift.execute(
            Query.builder("SELECT CAST(:t AS TIMESTAMP) AS t, CAST(:d AS DECIMAL(12,4)) AS d")
                .param("t", LocalDateTime.of(2026, 5, 6, 7, 8, 9, 123_456_000))
                .param("d", new BigDecimal("12.3400"))
                .build());
    assertThat(r.row(0).getTimestamp("t"))
        .isEqualTo(LocalDateTime.of(2026, 5, 6, 7, 8, 9, 123_456_000));
    assertThat(r.row(0).getBigDecimal("d")).isEqualTo(new BigDecimal("12.3400"));
  }

  @Test
  @DisplayName("cancelling by id stops the statement on the engine")
  void cancelById() throws Exception {
    var f = redshift.executeAsync(Query.of("/* fixture:sleep=30000 */ SELECT 1"));
    String id = null;
    for (int i = 0; i < 1000 && (id == null || fixture.engine().active() == 0); i++) {
      Thread.sleep(10);
      id = fixture.lastId();
    }
    assertThat(id).isNotNull();
    // the fixture knows the id a moment before the client has read ExecuteStatement's answer and
    // registered the query, and cancel(id) answers for queries running here: wait for the client
    for (long until = System.nanoTime() + 10_000_000_000L;
        !redshift.runningQueries().containsKey(id) && System.nanoTime() < until; ) {
      Thread.sleep(5);
    }
    assertThat(redshift.cancel(id)).isTrue();
    assertThatThrownBy(() -> f.get(30, java.util.concurrent.TimeUnit.SECONDS))
        .hasCauseInstanceOf(dev.runway.core.query.QueryCancelledException.class);
    FixtureEngine.Execution e = fixture.engine().get(id);
    long until = System.nanoTime() + 5_000_000_000L;
    while (e.state() != FixtureEngine.State.CANCELLED && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(e.state()).isEqualTo(FixtureEngine.State.CANCELLED);
  }

  @Test
  @DisplayName("health runs no statement: one ListStatements call, reused for the cache interval")
  void health_runsNoStatement() {
    assertThat(redshift.health().status()).isEqualTo(Health.Status.UP);
    assertThat(redshift.health().status()).isEqualTo(Health.Status.UP);
    assertThat(fixture.calls("ExecuteStatement")).isZero();
    assertThat(fixture.calls("ListStatements")).isEqualTo(1);
  }
}
