package dev.runway.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayException;
import dev.runway.core.health.Health;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The router's async path, cancellation, health, close and rules at their edges, on clients that
 * fail as the test says.
 */
class RoutingEdgeTest {

  private final FakeClient main = new FakeClient("main");
  private final FakeClient big = new FakeClient("big");
  private final RunwayException down =
      new RunwayException("down", ErrorCategory.UNAVAILABLE, null, null);
  private final RunwayException refused =
      new RunwayException("bad sql", ErrorCategory.USER_ERROR, null, null);

  private RoutingDatabaseClient router(boolean withFallback) {
    RoutingDatabaseClient.Builder b =
        RoutingDatabaseClient.builder()
            .engine("main", main)
            .engine("big", big)
            .route("heavy", RoutingDatabaseClient.tags("heavy"), "big")
            .defaultEngine("main");
    if (withFallback) {
      b.fallback("main");
    }
    return b.build();
  }

  private static Query heavy() {
    return Query.builder("SELECT 1").tags("HEAVY").build();
  }

  private static Object value(QueryResult r) {
    return r.rows().get(0).get(0);
  }

  private static RoutingDatabaseClient.RouteStats stats(RoutingDatabaseClient r, String route) {
    return r.stats().stream().filter(s -> s.route().equals(route)).findFirst().orElseThrow();
  }

  @Test
  void async_answersFromTheRoute_orFallsBack_andCounts() throws Exception {
    RoutingDatabaseClient r = router(true);
    assertThat(value(r.executeAsync(heavy()).get(5, TimeUnit.SECONDS))).isEqualTo("big");
    big.failure = down;
    assertThat(value(r.executeAsync(heavy()).get(5, TimeUnit.SECONDS))).isEqualTo("main");
    assertThat(stats(r, "heavy"))
        .isEqualTo(new RoutingDatabaseClient.RouteStats("heavy", "big", 2, 0, 1));
    // the fallback fails too: its own error, counted as a failure
    main.failure = new RunwayException("also down", ErrorCategory.UNAVAILABLE, null, null);
    assertThatThrownBy(() -> r.executeAsync(heavy()).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCause(main.failure);
    assertThat(stats(r, "heavy"))
        .isEqualTo(new RoutingDatabaseClient.RouteStats("heavy", "big", 3, 1, 2));
    // a user error never falls back
    main.failure = null;
    big.failure = refused;
    assertThatThrownBy(() -> r.executeAsync(heavy()).get(5, TimeUnit.SECONDS)).hasCause(refused);
    assertThat(stats(r, "heavy"))
        .isEqualTo(new RoutingDatabaseClient.RouteStats("heavy", "big", 4, 2, 2));
    assertThat(main.count("async")).isEqualTo(2);
  }

  @Test
  void async_unwrapsCompletionExceptions_fromBothEngines() throws Exception {
    RoutingDatabaseClient r = router(true);
    FakeClient wrapping = new FakeClient("wrapping") {};
    RoutingDatabaseClient w =
        RoutingDatabaseClient.builder()
            .engine(
                "a",
                new FakeClient("a") {
                  @Override
                  public CompletableFuture<QueryResult> executeAsync(Query query) {
                    return CompletableFuture.failedFuture(new CompletionException(down));
                  }
                })
            .engine(
                "b",
                new FakeClient("b") {
                  @Override
                  public CompletableFuture<QueryResult> executeAsync(Query query) {
                    return CompletableFuture.failedFuture(new CompletionException(refused));
                  }
                })
            .defaultEngine("a")
            .fallback("b")
            .build();
    assertThatThrownBy(() -> w.executeAsync(Query.of("SELECT 1")).get(5, TimeUnit.SECONDS))
        .hasCause(refused);
    assertThat(wrapping.calls).isEmpty();
    assertThat(r.routeOf(heavy())).isEqualTo("heavy");
    assertThat(r.routeOf(Query.of("SELECT 1"))).isEqualTo("default");
  }

  @Test
  void async_withoutFallback_failsWithTheRoutesError() {
    RoutingDatabaseClient r = router(false);
    big.failure = down;
    assertThatThrownBy(() -> r.executeAsync(heavy()).get(5, TimeUnit.SECONDS)).hasCause(down);
    assertThat(main.count("async")).isZero();
    assertThat(stats(r, "heavy").failures()).isEqualTo(1);
    // nor does the default route fall back onto itself
    RoutingDatabaseClient self = router(true);
    main.failure = down;
    assertThatThrownBy(() -> self.execute(Query.of("SELECT 1"))).isSameAs(down);
    assertThatThrownBy(() -> self.executeAsync(Query.of("SELECT 1")).get(5, TimeUnit.SECONDS))
        .hasCause(down);
    assertThat(main.count("execute")).isEqualTo(1);
    assertThat(main.count("async")).isEqualTo(1);
  }

  @Test
  void sync_fallbackFailing_carriesTheFirstError() {
    RoutingDatabaseClient r = router(true);
    big.failure = new RunwayException("throttled", ErrorCategory.THROTTLED, null, null);
    main.failure = refused;
    assertThatThrownBy(() -> r.execute(heavy()))
        .isSameAs(refused)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(big.failure));
    assertThat(stats(r, "heavy"))
        .isEqualTo(new RoutingDatabaseClient.RouteStats("heavy", "big", 1, 1, 1));
    main.failure = null;
    assertThat(r.stream(heavy()).iterator().next().get(0)).isEqualTo("main");
  }

  @Test
  void cancellingTheFuture_cancelsTheEnginesFuture() {
    CompletableFuture<QueryResult> pending = new CompletableFuture<>();
    RoutingDatabaseClient r =
        RoutingDatabaseClient.builder()
            .engine(
                "a",
                new FakeClient("a") {
                  @Override
                  public CompletableFuture<QueryResult> executeAsync(Query query) {
                    return pending;
                  }
                })
            .defaultEngine("a")
            .build();
    CompletableFuture<QueryResult> f = r.executeAsync(Query.of("SELECT 1"));
    assertThat(f.cancel(true)).isTrue();
    assertThat(pending).isCancelled();
    RoutingDatabaseClient done = router(false);
    CompletableFuture<QueryResult> finished = done.executeAsync(Query.of("SELECT 1"));
    assertThat(finished).isDone();
    assertThat(finished.cancel(true)).as("a finished query cannot be cancelled").isFalse();
  }

  @Test
  void cancel_asksEveryEngine() {
    RoutingDatabaseClient r = router(false);
    big.cancellable = Set.of("b-1");
    assertThat(r.cancel("b-1")).isTrue();
    assertThat(r.cancel("zz")).isFalse();
    assertThat(main.calls).containsExactly("cancel b-1", "cancel zz");
    assertThat(big.calls).containsExactly("cancel b-1", "cancel zz");
    main.cancellable = Set.of("m-1");
    assertThat(r.cancel("m-1")).isTrue();
  }

  @Test
  void health_downOnlyWhenTheDefaultIsDown() {
    RoutingDatabaseClient r = router(true);
    assertThat(r.health().status()).isEqualTo(Health.Status.UP);
    big.health = Health.down("database:big", "x");
    assertThat(r.health())
        .isEqualTo(
            Health.degraded("database:routing", "down: [big]; their routes fall back to main"));
    assertThat(router(false).health().detail()).isEqualTo("down: [big]; their routes fail");
    main.health = Health.down("database:main", "x");
    assertThat(r.health())
        .isEqualTo(
            Health.down("database:routing", "the default engine main is down (down: [main, big])"));
    big.health = Health.up("database:big");
    assertThat(r.health())
        .isEqualTo(Health.down("database:routing", "the default engine main is down"));
    main.health = Health.degraded("database:main", "slow");
    assertThat(r.health().status()).isEqualTo(Health.Status.UP);
  }

  @Test
  void close_closesEveryEngine_andThrowsTheFirstFailure() {
    RoutingDatabaseClient r = router(false);
    main.closeFailure = new IllegalStateException("first");
    big.closeFailure = new IllegalStateException("second");
    assertThatThrownBy(r::close)
        .isSameAs(main.closeFailure)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(big.closeFailure));
    assertThat(big.calls).contains("close");
    main.closeFailure = null;
    big.closeFailure = null;
    r.close();
    assertThat(r.toString())
        .isEqualTo(
            "RoutingDatabaseClient{engines=[main, big], routes=[heavy->big], default=main, fallback=null}");
    assertThat(r.engines()).containsOnlyKeys("main", "big");
  }

  @Test
  void rules_atTheirEdges() {
    dev.runway.core.cost.ScanEstimator estimator =
        q ->
            q.sql().contains("none")
                ? OptionalLong.empty()
                : q.sql().contains("fail")
                    ? failing()
                    : OptionalLong.of(Long.parseLong(q.sql().replaceAll("\\D", "")));
    var above = RoutingDatabaseClient.scanAbove(100, estimator);
    assertThat(above.test(Query.of("SELECT 100"))).isFalse();
    assertThat(above.test(Query.of("SELECT 101"))).isTrue();
    assertThat(above.test(Query.of("SELECT none"))).isFalse();
    assertThat(above.test(Query.of("SELECT fail"))).isFalse();
    var tags = RoutingDatabaseClient.tags(" Heavy ");
    assertThat(tags.test(Query.builder("SELECT 1").tags("heavy").build())).isTrue();
    assertThat(tags.test(Query.builder("SELECT 1").tags("light").build())).isFalse();
    assertThat(tags.test(Query.of("SELECT 1"))).isFalse();
    var labels = RoutingDatabaseClient.labels("dash*");
    assertThat(labels.test(Query.builder("SELECT 1").label("Dashboard-1").build())).isTrue();
    assertThat(labels.test(Query.builder("SELECT 1").label("my-dashboard").build())).isFalse();
    assertThat(labels.test(Query.of("SELECT 1"))).isFalse();
    var personas = RoutingDatabaseClient.personas(" analyst ");
    assertThat(personas.test(Query.builder("SELECT 1").cacheScope("analyst").build())).isTrue();
    assertThat(personas.test(Query.builder("SELECT 1").cacheScope("manager").build())).isFalse();
    assertThat(personas.test(Query.of("SELECT 1"))).isFalse();
    assertThatThrownBy(() -> RoutingDatabaseClient.builder().route("default", q -> true, "a"))
        .hasMessageContaining("is taken");
    assertThatThrownBy(
            () ->
                RoutingDatabaseClient.builder()
                    .route("r", q -> true, "a")
                    .route("r", q -> false, "a"))
        .hasMessageContaining("route 'r' is taken");
    assertThatThrownBy(() -> RoutingDatabaseClient.builder().engine("a", main).engine("a", big))
        .hasMessage("engine 'a' was already added");
    assertThat(List.of(1)).hasSize(1);
  }

  private static OptionalLong failing() {
    throw new IllegalStateException("no estimate");
  }
}
