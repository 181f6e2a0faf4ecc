package dev.runway.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.cache.CacheKey;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.testkit.RedisServer;
import dev.runway.testkit.SampleData;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class NearCacheTest {

  private static final AtomicInteger NS = new AtomicInteger();

  private static RedisQueryCache cache(RedisServer server, String prefix) {
    RedisQueryCache c =
        RedisQueryCache.builder()
            .uri(server.uri())
            .prefix(prefix)
            .nearCache(1_000, Duration.ofMinutes(5))
            .circuitBreaker(3, Duration.ofMillis(300))
            .build();
    await(() -> c.metrics().nearCacheLive(), "near cache subscribed");
    return c;
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  @Timeout(60)
  void secondRead_isServedLocally_andAChangeOnOneInstanceReachesTheOther() {
    try (RedisServer server = RedisServer.start()) {
      String prefix = "near" + NS.incrementAndGet();
      try (RedisQueryCache a = cache(server, prefix);
          RedisQueryCache b = cache(server, prefix)) {
        CacheKey k = CacheKey.of(Query.of("SELECT * FROM product"));
        a.put(k, SampleData.result(1), Duration.ofMinutes(5), Set.of("product"));
        assertThat(b.get(k)).contains(SampleData.result(1)); // from Redis, now kept locally by b
        // a's own invalidation message for that put may still reach b and drop the copy once;
        // after that, b's reads are served locally
        await(
            () -> b.get(k).isPresent() && b.metrics().nearCacheHits() >= 1,
            "b serves the entry locally");
        assertThat(b.get(k)).contains(SampleData.result(1));

        a.put(k, SampleData.result(2), Duration.ofMinutes(5), Set.of("product"));
        await(() -> b.get(k).map(r -> r.size() == 2).orElse(false), "b sees a's new value");

        b.get(k); // cached locally again
        a.invalidateTag("product");
        await(() -> b.get(k).isEmpty(), "b drops the entry after a invalidates its tag");
        a.put(k, SampleData.result(3), Duration.ofMinutes(5), Set.of("product"));
        b.get(k);
        a.invalidate(k);
        await(() -> b.get(k).isEmpty(), "b drops the entry after a invalidates the key");
      }
    }
  }

  @Test
  @Timeout(90)
  void redisRestarted_valueChangedDuringOutage_isNeverServedFromMemory() {
    try (RedisServer server = RedisServer.start()) {
      String prefix = "near" + NS.incrementAndGet();
      try (RedisQueryCache a = cache(server, prefix)) {
        CacheKey k = CacheKey.of(Query.of("SELECT 'restart'"));
        a.put(k, SampleData.result(1), Duration.ofMinutes(5), Set.of());
        assertThat(a.get(k)).contains(SampleData.result(1));
        assertThat(a.get(k)).contains(SampleData.result(1));
        long localHits = a.metrics().nearCacheHits();
        assertThat(localHits).isEqualTo(1);

        long resets = a.nearCacheResets();
        server.restart(); // the data is gone; a's subscription breaks
        try (RedisQueryCache other =
            RedisQueryCache.builder().uri(server.uri()).prefix(prefix).build()) {
          // another instance writes a new value before a has resubscribed, so a gets no message
          other.put(k, SampleData.result(7), Duration.ofMinutes(5), Set.of());
        }
        // dropped (cleared) and resubscribed (cleared again): two resets
        await(
            () -> a.nearCacheResets() >= resets + 2 && a.metrics().nearCacheLive(),
            "a resubscribed");
        // right after the resubscription the read breaker may still be open (a miss, which is
        // safe); what must never happen is the old local value: every read until the new value
        // is served is checked
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Optional<QueryResult> seen;
        do {
          seen = a.get(k);
          assertThat(seen)
              .as("the old local value is not served")
              .isNotEqualTo(Optional.of(SampleData.result(1)));
        } while (seen.isEmpty() && System.nanoTime() < deadline && pause());
        assertThat(seen).contains(SampleData.result(7));
      }
    }
  }

  private static boolean pause() {
    try {
      Thread.sleep(20);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
