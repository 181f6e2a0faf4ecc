package dev.runway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.auth.AuthResult;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.local.UsersFile;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunwayTest {

  @Test
  void local_zeroConfig_cachesSecondQuery() {
    try (Runway rw = Runway.local()) {
      rw.rawDatabase().execute("CREATE TABLE product (id INTEGER, category VARCHAR)");
      rw.rawDatabase().execute("INSERT INTO product VALUES (1, 'Pumps'), (2, 'Valves'), (3, 'Pumps')");
      Query q = Query.builder("SELECT count(*) AS n FROM product WHERE category = :c").param("c", "Pumps").build();
      QueryResult first = rw.database().execute(q);
      QueryResult second = rw.database().execute(q);
      assertThat(first.row(0).getLong("n")).isEqualTo(2L);
      assertThat(first.stats().fromCache()).isFalse();
      assertThat(second.stats().fromCache()).isTrue();
      assertThat(rw.cache().stats().hits()).isEqualTo(1);
      assertThat(rw.health().status()).isEqualTo(Health.Status.UP);
      assertThat(rw.sessions().name()).isEqualTo("memory");
      assertThatThrownBy(rw::auth).isInstanceOf(IllegalStateException.class).hasMessageContaining("auth.type");
    }
  }

  @Test
  void fromConfig_file_buildsEveryLocalComponent(@TempDir Path dir) throws Exception {
    UsersFile.empty().withUser("maria", "pw-123456".toCharArray(), List.of("Warehouse Manager"), null, 4)
        .save(dir.resolve("users.json"));
    Path yaml = dir.resolve("runway.yaml");
    Files.writeString(yaml, """
        database: { type: embedded, embedded: { path: data/supply.duckdb } }
        cache:    { type: local, ttl: 2m, local: { max-size: 32MB } }
        sessions: { type: memory, ttl: 20m }
        auth:     { type: local, local: { users-file: users.json, token-ttl: 10m } }
        resilience: { max-attempts: 2, initial-backoff: 10ms, max-backoff: 100ms }
        """);
    Files.createDirectories(dir.resolve("data"));
    try (Runway rw = Runway.fromConfig(RunwayConfig.load(yaml, Map.of(), new Properties()))) {
      assertThat(rw.database().execute("SELECT 42 AS x").row(0).getInt("x")).isEqualTo(42);
      assertThat(rw.sessions().ttl()).hasMinutes(20);
      AuthResult r = rw.auth().authenticate("maria", "pw-123456");
      assertThat(r).isInstanceOf(AuthResult.Authenticated.class);
      assertThat(rw.resilience().maxAttempts()).isEqualTo(2);
      assertThat(rw.health().components()).hasSize(4);
    }
    assertThat(dir.resolve("data/supply.duckdb")).exists();
  }

  @Test
  void fromConfig_cacheNone_neverHits() {
    RunwayConfig c = RunwayConfig.parse("cache: { type: none }", Path.of("."), Map.of(), new Properties());
    try (Runway rw = Runway.fromConfig(c)) {
      rw.database().execute("SELECT 1");
      assertThat(rw.database().execute("SELECT 1").stats().fromCache()).isFalse();
      assertThat(rw.cache().name()).isEqualTo("none");
    }
  }

  @Test
  void fromConfig_rollbackSection_isValidatedEvenWhenNotSelected() {
    RunwayConfig c = RunwayConfig.parse("database: { type: embedded, jdbc: { ulr: x } }", Path.of("."),
        Map.of(), new Properties());
    assertThatThrownBy(() -> Runway.fromConfig(c)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database.jdbc.ulr");
  }

  @Test
  void builder_componentTwice_isRefused() {
    Runway.Builder b = Runway.builder().cache(QueryCache.none());
    assertThatThrownBy(() -> b.cache(InMemoryQueryCache.create())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cache was already set");
  }

  @Test
  void builder_givenComponents_areUsedAndClosed() {
    DatabaseClient db = JdbcDatabaseClient.embedded();
    try (Runway rw = Runway.builder().database(db).cache(QueryCache.none())
        .resilience(ResiliencePolicy.none()).build()) {
      assertThat(rw.rawDatabase()).isSameAs(db);
    }
    assertThatThrownBy(() -> db.execute("SELECT 1")).hasMessageContaining("closed");
  }
}
