package dev.runway.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.health.Health;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.RowStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RoutingDatabaseClientTest {

  /** An engine that says who it is: SELECT name FROM whoami. */
  private static DatabaseClient engine(String name) {
    DatabaseClient db = JdbcDatabaseClient.embedded();
    db.execute("CREATE TABLE whoami AS SELECT '" + name + "' AS name");
    return db;
  }

  private static String who(DatabaseClient db, Query q) {
    return db.execute(q).row(0).getString(0);
  }

  private static Query q(String label, String... tags) {
    Query.Builder b = Query.builder("SELECT name FROM whoami").label(label).cacheable(false);
    if (tags.length > 0) {
      b.tags(tags);
    }
    return b.build();
  }

  /** Fails with the given category while {@code failing} is set. */
  private static DatabaseClient flaky(
      DatabaseClient real, AtomicBoolean failing, ErrorCategory category) {
    return new ForwardingDatabaseClient(real) {
      @Override
      public QueryResult execute(Query query) {
        if (failing.get()) {
          throw new QueryFailedException("engine says no", "flaky", category, null, null);
        }
        return super.execute(query);
      }

      @Override
      public Health health() {
        return failing.get() ? Health.down("database:flaky", "no") : super.health();
      }
    };
  }

  @Test
  void routesByLabelTagPersonaAndEstimate_elseDefault() throws Exception {
    try (RoutingDatabaseClient db =
        RoutingDatabaseClient.builder()
            .engine("redshift", engine("redshift"))
            .engine("athena", engine("athena"))
            .engine("big", engine("big"))
            .route(
                "dashboards",
                RoutingDatabaseClient.labels("dash.*")
                    .or(RoutingDatabaseClient.tags("Dashboard"))
                    .or(RoutingDatabaseClient.personas("Warehouse Manager")),
                "redshift")
            .route(
                "large",
                RoutingDatabaseClient.scanAbove(
                    1_000,
                    query ->
                        query.label().orElse("").equals("huge")
                            ? OptionalLong.of(5_000)
                            : OptionalLong.empty()),
                "big")
            .defaultEngine("athena")
            .build()) {
      assertThat(who(db, q("dash.stock"))).isEqualTo("redshift");
      assertThat(who(db, q("DASH.Sales"))).as("globs ignore case").isEqualTo("redshift");
      assertThat(who(db, q("adhoc", "dashboard"))).isEqualTo("redshift");
      assertThat(
              who(
                  db,
                  Query.builder("SELECT name FROM whoami").cacheScope("Warehouse Manager").build()))
          .isEqualTo("redshift");
      assertThat(who(db, q("huge"))).isEqualTo("big");
      assertThat(who(db, q("adhoc"))).isEqualTo("athena");
      assertThat(who(db, Query.of("SELECT name FROM whoami"))).isEqualTo("athena");
      assertThat(db.executeAsync(q("dash.x")).get(30, TimeUnit.SECONDS).row(0).getString(0))
          .isEqualTo("redshift");
      try (RowStream rows = db.stream(q("adhoc"))) {
        assertThat(rows.iterator().next().getString(0)).isEqualTo("athena");
      }
      assertThat(db.stats())
          .extracting(
              RoutingDatabaseClient.RouteStats::route, RoutingDatabaseClient.RouteStats::queries)
          .containsExactly(tuple("dashboards", 5L), tuple("large", 1L), tuple("default", 3L));
    }
  }

  @Test
  void chosenEngineDownOrThrottling_fallbackAnswers_andItIsCounted() throws Exception {
    AtomicBoolean down = new AtomicBoolean(true);
    try (RoutingDatabaseClient db =
        RoutingDatabaseClient.builder()
            .engine("redshift", flaky(engine("redshift"), down, ErrorCategory.UNAVAILABLE))
            .engine("athena", engine("athena"))
            .route("dashboards", RoutingDatabaseClient.labels("dash.*"), "redshift")
            .defaultEngine("athena")
            .fallback("athena")
            .build()) {
      assertThat(who(db, q("dash.stock"))).isEqualTo("athena");
      assertThat(db.health().status()).isEqualTo(Health.Status.DEGRADED);
      down.set(false);
      assertThat(who(db, q("dash.stock"))).isEqualTo("redshift");
      assertThat(db.health().status()).isEqualTo(Health.Status.UP);
      RoutingDatabaseClient.RouteStats s = db.stats().get(0);
      assertThat(s.queries()).isEqualTo(2);
      assertThat(s.fallbacks()).isEqualTo(1);
      assertThat(s.failures()).isZero();
    }
  }

  @Test
  void userErrors_doNotFallBack() {
    AtomicBoolean failing = new AtomicBoolean(true);
    try (RoutingDatabaseClient db =
        RoutingDatabaseClient.builder()
            .engine("redshift", flaky(engine("redshift"), failing, ErrorCategory.USER_ERROR))
            .engine("athena", engine("athena"))
            .route("dashboards", RoutingDatabaseClient.labels("dash.*"), "redshift")
            .defaultEngine("athena")
            .fallback("athena")
            .build()) {
      assertThatThrownBy(() -> db.execute(q("dash.stock")))
          .isInstanceOf(QueryFailedException.class);
      assertThat(db.stats().get(0).failures()).isEqualTo(1);
      assertThat(db.stats().get(0).fallbacks()).isZero();
    }
  }

  @Test
  void builder_refusesUnknownEngines() {
    assertThatThrownBy(
            () ->
                RoutingDatabaseClient.builder()
                    .engine("a", engine("a"))
                    .route("r", q -> true, "b")
                    .defaultEngine("a")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'b'");
    assertThatThrownBy(() -> RoutingDatabaseClient.builder().engine("a", engine("a")).build())
        .hasMessageContaining("default");
  }

  private static RunwayConfig config(String yaml) {
    return RunwayConfig.parse(yaml, Path.of("."), Map.of(), new Properties());
  }

  @Test
  void configuration_routesDashboardsToOneEngine_restToTheDefault() {
    RunwayConfig c =
        config(
            """
        database:
          type: routing
          embedded: { init-sql: "CREATE TABLE whoami AS SELECT 'embedded' AS name" }
          jdbc: { url: "jdbc:duckdb:", engine: duckdb-two }
          routing:
            default: embedded
            dashboard: jdbc
            dashboard-labels: "dash.*, kpi.*"
            fallback: embedded
        cache: { type: none }
        """);
    try (Runway rw = Runway.fromConfig(c)) {
      RoutingDatabaseClient routing = (RoutingDatabaseClient) rw.rawDatabase();
      routing.engines().get("jdbc").execute("CREATE TABLE whoami AS SELECT 'jdbc' AS name");
      assertThat(who(rw.database(), q("kpi.sales"))).isEqualTo("jdbc");
      assertThat(who(rw.database(), q("adhoc"))).isEqualTo("embedded");
      assertThat(rw.database().engine()).isEqualTo("routing");
    }
  }

  @Test
  void configuration_errorsNameTheKey_beforeAnythingIsCreated() {
    assertThatThrownBy(
            () ->
                Runway.fromConfig(
                    config("database: { type: routing, routing: { dashboard: jdbc } }")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database.routing.default");
    assertThatThrownBy(
            () ->
                Runway.fromConfig(
                    config(
                        "database: { type: routing, routing: { default: embedded, dashboard: jdbc } }")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database.routing.dashboard");
    assertThatThrownBy(
            () ->
                Runway.fromConfig(
                    config("database: { type: routing, routing: { default: athena } }")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dev.runway:runway-athena");
    assertThatThrownBy(
            () ->
                Runway.fromConfig(
                    config(
                        "database: { type: routing, routing: { default: embedded, fallback: routing } }")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database.routing.fallback");
    assertThatThrownBy(
            () ->
                Runway.fromConfig(
                    config("database: { type: routing, routing: { default: jdbc } }")))
        .as("the engine's own section is validated too")
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database.jdbc");
  }
}
