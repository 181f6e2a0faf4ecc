package dev.runway.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.cache.redis.RedisQueryCache;
import dev.runway.core.Runway;
import dev.runway.core.query.Query;
import dev.runway.core.resilience.ResiliencePolicy;
import dev.runway.testkit.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunwayMetricsTest {

  @Test
  void localRunway_cacheEngineAndBreakerMeters_showWhatHappened() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (Runway rw =
        Runway.builder()
            .decorator(RunwayObservations.builder(ObservationRegistry.create()).build())
            .build()) {
      new RunwayMetrics(rw).bindTo(meters);
      Query q = Query.of("SELECT 42");
      rw.database().execute(q);
      rw.database().execute(q);
      rw.database().execute(q);
      assertThat(
              meters
                  .get("cache.gets")
                  .tag("cache", "runway")
                  .tag("result", "hit")
                  .functionCounter()
                  .count())
          .isEqualTo(2);
      assertThat(meters.get("cache.gets").tag("result", "miss").functionCounter().count())
          .isEqualTo(1);
      assertThat(meters.get("cache.puts").functionCounter().count()).isEqualTo(1);
      assertThat(meters.get("cache.load").tag("result", "success").functionCounter().count())
          .isEqualTo(1);
      assertThat(meters.get("cache.errors").functionCounter().count()).isZero();
      assertThat(meters.get("runway.query.running").tag("runway.engine", "duckdb").gauge().value())
          .isZero();
      assertThat(
              meters
                  .get("runway.circuit.state")
                  .tag("circuit", "database")
                  .tag("state", "closed")
                  .gauge()
                  .value())
          .isEqualTo(1);
      assertThat(
              meters
                  .get("runway.circuit.state")
                  .tag("circuit", "database")
                  .tag("state", "open")
                  .gauge()
                  .value())
          .isZero();
    }
  }

  @Test
  void breakerStateGauge_survivesGarbageCollection() throws InterruptedException {
    // the gauge reads a method reference that only the gauge holds: held weakly, it read NaN after
    // a collection (seen on Java 25), and registries such as CloudWatch's drop NaN values
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (Runway rw = Runway.builder().build()) {
      new RunwayMetrics(rw).bindTo(meters);
      for (int i = 0; i < 5; i++) {
        System.gc();
        Thread.sleep(20);
      }
      assertThat(
              meters
                  .get("runway.circuit.state")
                  .tag("circuit", "database")
                  .tag("state", "closed")
                  .gauge()
                  .value())
          .isEqualTo(1);
    }
  }

  @Test
  void noBreaker_noStateGauge() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (Runway rw = Runway.builder().resilience(ResiliencePolicy.none()).build()) {
      new RunwayMetrics(rw).bindTo(meters);
      assertThat(meters.find("runway.circuit.state").gauges()).isEmpty();
    }
  }

  @Test
  void redisCache_breakerOpensOnOutage_andTheGaugesSayIt() throws Exception {
    RedisServer server = RedisServer.start();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RedisQueryCache cache =
        RedisQueryCache.builder()
            .uri(server.uri())
            .circuitBreaker(2, Duration.ofMinutes(5))
            .build();
    try (Runway rw =
        Runway.builder()
            .cache(cache)
            .decorator(RunwayObservations.builder(ObservationRegistry.create()).build())
            .build()) {
      new RunwayMetrics(rw).bindTo(meters);
      Query q = Query.of("SELECT 7");
      rw.database().execute(q);
      rw.database().execute(q);
      assertThat(
              meters
                  .get("cache.gets")
                  .tag("runway.component", "redis")
                  .tag("result", "hit")
                  .functionCounter()
                  .count())
          .isEqualTo(1);
      assertThat(
              meters
                  .get("runway.circuit.state")
                  .tag("circuit", "cache-read")
                  .tag("state", "closed")
                  .gauge()
                  .value())
          .isEqualTo(1);
      server.kill();
      for (int i = 0; i < 5; i++) {
        // served from the database while Redis is gone
        assertThat(rw.database().execute(q).row(0).getInt(0)).isEqualTo(7);
      }
      assertThat(
              meters
                  .get("runway.circuit.state")
                  .tag("circuit", "cache-read")
                  .tag("state", "open")
                  .gauge()
                  .value())
          .isEqualTo(1);
      assertThat(
              meters.get("runway.circuit.transitions").tag("to", "open").functionCounter().count())
          .isGreaterThanOrEqualTo(1);
      assertThat(meters.get("cache.errors").functionCounter().count()).isGreaterThan(0);
    } finally {
      server.close();
    }
  }
}
