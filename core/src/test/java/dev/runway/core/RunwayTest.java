package dev.runway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.auth.AuthResult;
import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.ForwardingQueryCache;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.health.Health;
import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.local.UsersFile;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.resilience.ResiliencePolicy;
import dev.runway.core.session.ForwardingSessionStore;
import dev.runway.core.session.SessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunwayTest {

  @Test
  void local_zeroConfig_cachesSecondQuery() {
    try (Runway rw = Runway.local()) {
      rw.rawDatabase().execute("CREATE TABLE product (id INTEGER, category VARCHAR)");
      rw.rawDatabase()
          .execute("INSERT INTO product VALUES (1, 'Pumps'), (2, 'Valves'), (3, 'Pumps')");
      Query q =
          Query.builder("SELECT count(*) AS n FROM product WHERE category = :c")
              .param("c", "Pumps")
              .build();
      QueryResult first = rw.database().execute(q);
      QueryResult second = rw.database().execute(q);
      assertThat(first.row(0).getLong("n")).isEqualTo(2L);
      assertThat(first.stats().fromCache()).isFalse();
      assertThat(second.stats().fromCache()).isTrue();
      assertThat(rw.cache().stats().hits()).isEqualTo(1);
      assertThat(rw.health().status()).isEqualTo(Health.Status.UP);
      assertThat(rw.sessions().name()).isEqualTo("memory");
      assertThatThrownBy(rw::auth)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("auth.type");
    }
  }

  @Test
  void fromConfig_file_buildsEveryLocalComponent(@TempDir Path dir) throws Exception {
    UsersFile.empty()
        .withUser("maria", "pw-123456".toCharArray(), List.of("Warehouse Manager"), null, 4)
        .save(dir.resolve("users.json"));
    Path yaml = dir.resolve("runway.yaml");
    Files.writeString(
        yaml,
        """
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
      assertThat(rw.health().components()).hasSize(5);
      assertThat(rw.health().components())
          .extracting(h -> h.component())
          .contains("coordination:memory");
    }
    assertThat(dir.resolve("data/supply.duckdb")).exists();
  }

  @Test
  void fromConfig_cacheNone_neverHits() {
    RunwayConfig c =
        RunwayConfig.parse("cache: { type: none }", Path.of("."), Map.of(), new Properties());
    try (Runway rw = Runway.fromConfig(c)) {
      rw.database().execute("SELECT 1");
      assertThat(rw.database().execute("SELECT 1").stats().fromCache()).isFalse();
      assertThat(rw.cache().name()).isEqualTo("none");
    }
  }

  @Test
  void fromConfig_rollbackSection_isValidatedEvenWhenNotSelected() {
    RunwayConfig c =
        RunwayConfig.parse(
            "database: { type: embedded, jdbc: { ulr: x } }",
            Path.of("."),
            Map.of(),
            new Properties());
    assertThatThrownBy(() -> Runway.fromConfig(c))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database.jdbc.ulr");
  }

  @Test
  void builder_componentTwice_isRefused() {
    Runway.Builder b = Runway.builder().cache(QueryCache.none());
    assertThatThrownBy(() -> b.cache(InMemoryQueryCache.create()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cache was already set");
  }

  @Test
  void builder_givenComponents_areUsedAndClosed() {
    DatabaseClient db = JdbcDatabaseClient.embedded();
    try (Runway rw =
        Runway.builder()
            .database(db)
            .cache(QueryCache.none())
            .resilience(ResiliencePolicy.none())
            .build()) {
      assertThat(rw.rawDatabase()).isSameAs(db);
    }
    assertThatThrownBy(() -> db.execute("SELECT 1")).hasMessageContaining("closed");
  }

  @Test
  void builder_configWithOwnComponentAndDecorator_wrapsEveryComponent() {
    RunwayConfig c =
        RunwayConfig.parse(
            "cache: { type: local, ttl: 2m }\nsessions: { type: memory }",
            Path.of("."),
            Map.of(),
            new Properties());
    JdbcDatabaseClient own = JdbcDatabaseClient.embedded();
    List<String> seen = new ArrayList<>();
    AtomicInteger cacheLoads = new AtomicInteger();
    ComponentDecorator decorator =
        new ComponentDecorator() {
          @Override
          public DatabaseClient database(DatabaseClient database) {
            seen.add("database");
            return new ForwardingDatabaseClient(database) {};
          }

          @Override
          public QueryCache cache(QueryCache cache) {
            seen.add("cache");
            return new ForwardingQueryCache(cache) {
              @Override
              public QueryResult getOrLoad(
                  CacheKey key, Duration ttl, Set<String> tags, Supplier<QueryResult> loader) {
                cacheLoads.incrementAndGet();
                assertThat(ttl)
                    .as("cache.ttl from the configuration")
                    .isEqualTo(Duration.ofMinutes(2));
                return super.getOrLoad(key, ttl, tags, loader);
              }
            };
          }

          @Override
          public SessionStore sessions(SessionStore sessions) {
            seen.add("sessions");
            return new ForwardingSessionStore(sessions) {};
          }
        };
    try (Runway rw = Runway.builder().config(c).database(own).decorator(decorator).build()) {
      assertThat(rw.rawDatabase()).isSameAs(own);
      assertThat(rw.database()).isInstanceOf(ForwardingDatabaseClient.class);
      assertThat(rw.sessions()).isInstanceOf(ForwardingSessionStore.class);
      assertThat(seen).containsExactly("cache", "sessions", "database");
      rw.database().execute("SELECT 42");
      assertThat(cacheLoads.get()).as("the caching client uses the decorated cache").isEqualTo(1);
    }
    assertThatThrownBy(() -> own.execute("SELECT 1"))
        .as("closed with the Runway")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builder_badConfig_failsBeforeCreatingAnything() {
    RunwayConfig c =
        RunwayConfig.parse(
            "sessions: { type: memory, memory: { purge-intervall: 1m } }",
            Path.of("."),
            Map.of(),
            new Properties());
    assertThatThrownBy(() -> Runway.builder().config(c).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sessions.memory.purge-intervall");
  }
}
