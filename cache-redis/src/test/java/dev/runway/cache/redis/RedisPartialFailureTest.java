package dev.runway.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.cache.CacheKey;
import dev.runway.core.health.Health;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.testkit.RedisServer;
import dev.runway.testkit.SampleData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;

/**
 * Redis failing in part, on a real redis-server: refusing writes (maxmemory 1, noeviction) while
 * reads work, and frozen (SIGSTOP). No stale result is served, one query costs one timeout, and the
 * log says it once.
 */
class RedisPartialFailureTest {

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  private static void refuseWrites(RedisClient admin, boolean refuse) {
    admin.configSet("maxmemory-policy", "noeviction");
    admin.configSet("maxmemory", refuse ? "1" : "0");
  }

  @Test
  @Timeout(60)
  @DisplayName(
      "a tag invalidation Redis refused is kept pending: reads are misses until it is applied, then the old result is gone")
  void failedInvalidation_neverServesStale() {
    try (RedisServer redis = RedisServer.start();
        RedisClient admin = RedisClient.create(redis.uri());
        RedisQueryCache cache = RedisQueryCache.builder().uri(redis.uri()).prefix("inv").build()) {
      CacheKey key = CacheKey.of(Query.of("SELECT * FROM kv"));
      cache.put(key, SampleData.result(1), Duration.ofMinutes(5), Set.of("kv"));
      assertThat(cache.get(key)).isPresent();

      refuseWrites(admin, true);
      cache.invalidateTag("kv"); // returns normally, as a cache call must
      assertThat(cache.pendingInvalidations()).isEqualTo(1);
      assertThat(cache.health().status()).isEqualTo(Health.Status.DEGRADED);
      assertThat(cache.get(key)).as("the stale entry while its invalidation is pending").isEmpty();

      refuseWrites(admin, false);
      await(
          () -> {
            cache.get(key); // a read re-applies pending invalidations (at most once a second)
            return cache.pendingInvalidations() == 0;
          },
          "the pending invalidation was never applied");
      assertThat(cache.get(key))
          .as("the old result after the invalidation reached Redis")
          .isEmpty();
      cache.put(key, SampleData.result(2), Duration.ofMinutes(5), Set.of("kv"));
      assertThat(cache.get(key)).hasValueSatisfying(r -> assertThat(r.size()).isEqualTo(2));
    }
  }

  @Test
  @Timeout(60)
  @DisplayName("a frozen Redis costs an uncached query one failed step, not one per step")
  void pausedRedis_oneFailedStepPerQuery() {
    try (RedisServer redis = RedisServer.start();
        RedisQueryCache cache =
            RedisQueryCache.builder()
                .uri(redis.uri())
                .prefix("pause")
                .socketTimeout(Duration.ofMillis(300))
                .circuitBreaker(1000, Duration.ofSeconds(30))
                .build()) {
      AtomicInteger loads = new AtomicInteger();
      redis.pause();
      try {
        long errorsBefore = cache.stats().errors();
        QueryResult r =
            cache.getOrLoad(
                CacheKey.of(Query.of("SELECT 'uncached'")),
                Duration.ofMinutes(1),
                Set.of("t"),
                () -> {
                  loads.incrementAndGet();
                  return SampleData.result(1);
                });
        assertThat(r.size()).isEqualTo(1);
        assertThat(loads.get()).isEqualTo(1);
        // the lookup timed out; the generations read, the lease and the store were not tried
        assertThat(cache.stats().errors() - errorsBefore).isEqualTo(1);
      } finally {
        redis.resume();
      }
    }
  }

  @Test
  @Timeout(60)
  @DisplayName(
      "a Redis frozen under a pooled connection costs the first query one socket timeout, not two")
  void pausedRedis_pooledConnection_oneSocketTimeout() {
    Duration timeout = Duration.ofSeconds(1);
    try (RedisServer redis = RedisServer.start();
        RedisQueryCache cache =
            RedisQueryCache.builder()
                .uri(redis.uri())
                .prefix("pooled")
                .socketTimeout(timeout)
                .circuitBreaker(1000, Duration.ofSeconds(30))
                .build()) {
      // a connection in the pool from before the freeze: the outside fault run's case
      cache.getOrLoad(
          CacheKey.of(Query.of("SELECT 'warm'")),
          Duration.ofMinutes(1),
          Set.of("t"),
          () -> SampleData.result(1));
      redis.pause();
      try {
        long start = System.nanoTime();
        QueryResult r =
            cache.getOrLoad(
                CacheKey.of(Query.of("SELECT 'frozen'")),
                Duration.ofMinutes(1),
                Set.of("t"),
                () -> SampleData.result(1));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.size()).isEqualTo(1);
        // a bound on a hang, not a speed goal: two timeouts would be 2,000 ms or more
        assertThat(millis).as("waited on the frozen Redis").isLessThan(1_750);
      } finally {
        redis.resume();
      }
    }
  }

  @Test
  @Timeout(60)
  @DisplayName(
      "writes failing while reads succeed: one WARN when it starts, one INFO when it ends, DEGRADED between")
  void writesFailing_loggedOnce_healthDegraded() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (RedisServer redis = RedisServer.start();
        RedisClient admin = RedisClient.create(redis.uri());
        RedisQueryCache cache =
            RedisQueryCache.builder()
                .uri(redis.uri())
                .prefix("partial")
                .circuitBreaker(1000, Duration.ofSeconds(30))
                .build()) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      refuseWrites(admin, true);
      for (int i = 0; i < 200; i++) {
        CacheKey k = CacheKey.of(Query.builder("SELECT :i").param("i", i).build());
        cache.getOrLoad(
            k, Duration.ofMinutes(1), Set.of(), () -> SampleData.result(1)); // read ok, write fails
      }
      assertThat(cache.health().status()).isEqualTo(Health.Status.DEGRADED);
      assertThat(cache.health().detail()).contains("writes fail");
      refuseWrites(admin, false);
      cache.getOrLoad(
          CacheKey.of(Query.of("SELECT 'after'")),
          Duration.ofMinutes(1),
          Set.of(),
          () -> SampleData.result(1));
      assertThat(cache.health().status()).isEqualTo(Health.Status.UP);
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(
            log.lines().filter(l -> l.contains("WARN") && l.contains("writes are skipped")).count())
        .as("WARN lines for the outage of writes:%n%s", log)
        .isEqualTo(1);
    assertThat(log.lines().filter(l -> l.contains("writes work again")).count()).isEqualTo(1);
    assertThat(log).doesNotContain("reads are skipped");
  }
}
