package dev.runway.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.coordination.DegradingCoordination;
import dev.runway.core.health.Health;
import dev.runway.testkit.RedisServer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Coordination through a real Redis that stops and comes back on the same port. */
class RedisCoordinationOutageTest {

  @Test
  @DisplayName(
      "Redis stopped: calls succeed on the local share; restarted: what was recorded is replayed")
  void outage_degradesThenConverges() throws Exception {
    RedisServer redis = RedisServer.start();
    int port = URI.create(redis.uri()).getPort();
    try (DegradingCoordination c =
        DegradingCoordination.over(
                RedisCoordination.open(
                    RedisConnections.builder()
                        .uri(redis.uri())
                        .socketTimeout(Duration.ofMillis(300))
                        .build(),
                    "outage"))
            .expectedInstances(2)
            .probeInterval(Duration.ofMillis(200))
            .build()) {
      c.add("cost", 10, Duration.ofHours(1));
      redis.close();
      assertThat(c.add("cost", 5, Duration.ofHours(1))).as("answered locally").isEqualTo(5);
      c.addMember("revoked", "s1", Duration.ofHours(1));
      assertThat(c.health().status()).isEqualTo(Health.Status.DEGRADED);
      assertThat(c.share()).isEqualTo(0.5);
      redis = RedisServer.start(port);
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (c.degraded() && System.nanoTime() < deadline) {
        Thread.sleep(250);
        c.get("cost");
      }
      assertThat(c.degraded()).isFalse();
      // the restarted Redis is empty: it holds what was replayed
      assertThat(c.get("cost")).isEqualTo(5);
      assertThat(c.hasMember("revoked", "s1")).isTrue();
    } finally {
      redis.close();
    }
  }
}
