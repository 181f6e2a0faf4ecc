package dev.runway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.cache.ForwardingQueryCache;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.local.InMemorySessionStore;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.resilience.ResiliencePolicy;
import dev.runway.core.session.ForwardingSessionStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * What Runway makes of the resilience section, what it shows of itself, and how it closes: every
 * component, auth first and database last, past failures, the first failure thrown.
 */
class RunwayWiringTest {

  private static RunwayConfig config(String yaml) {
    return RunwayConfig.parse(yaml, Path.of("."), Map.of(), new Properties());
  }

  @Test
  void resilienceSection_everyKey() {
    try (Runway rw =
        Runway.fromConfig(
            config(
                "resilience: { max-attempts: 4, initial-backoff: 50ms,"
                    + " max-backoff: 2s, jitter: 0.1, circuit-breaker-failures: 7, circuit-breaker-delay: 45s, timeout: 20s }"))) {
      assertThat(rw.resilience().toString())
          .isEqualTo(
              "ResiliencePolicy{name=database, maxAttempts=4,"
                  + " backoff=PT0.05S..PT2S, jitter=0.1, breaker=7 failures/PT45S, timeout=PT20S}");
      assertThat(rw.toString())
          .isEqualTo("Runway{database=duckdb, cache=caffeine, sessions=memory, auth=none}");
    }
    try (Runway rw = Runway.fromConfig(config("resilience: { circuit-breaker-failures: 0 }"))) {
      assertThat(rw.resilience().toString())
          .contains("maxAttempts=3")
          .contains("breaker=off")
          .contains("backoff=PT0.1S..PT5S")
          .contains("timeout=off");
    }
    assertThatThrownBy(() -> Runway.fromConfig(config("resilience: { max-attempts: 0 }")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("resilience.max-attempts");
    assertThatThrownBy(() -> Runway.fromConfig(config("resilience: { jitter: 2 }")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("resilience.jitter");
    assertThatThrownBy(
            () -> Runway.fromConfig(config("resilience: { initial-backoff: 2s, max-backoff: 1s }")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("resilience.max-backoff");
    assertThatThrownBy(() -> Runway.fromConfig(config("resilience: { retries: 3 }")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("resilience.retries");
  }

  @Test
  void close_closesEverything_pastFailures_inOrder() {
    List<String> closed = new ArrayList<>();
    JdbcDatabaseClient db = JdbcDatabaseClient.embedded();
    ForwardingDatabaseClient database =
        new ForwardingDatabaseClient(db) {
          @Override
          public void close() {
            closed.add("database");
            super.close();
            throw new IllegalStateException("database close failed");
          }
        };
    ForwardingQueryCache cache =
        new ForwardingQueryCache(QueryCache.none()) {
          @Override
          public void close() {
            closed.add("cache");
            throw new IllegalStateException("cache close failed");
          }
        };
    ForwardingSessionStore sessions =
        new ForwardingSessionStore(InMemorySessionStore.builder().build()) {
          @Override
          public void close() {
            closed.add("sessions");
            super.close();
          }
        };
    Runway rw =
        Runway.builder()
            .database(database)
            .cache(cache)
            .sessions(sessions)
            .resilience(ResiliencePolicy.none())
            .build();
    assertThatThrownBy(rw::close)
        .hasMessage("cache close failed")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("database close failed"));
    assertThat(closed).containsExactly("sessions", "cache", "database");
  }
}
