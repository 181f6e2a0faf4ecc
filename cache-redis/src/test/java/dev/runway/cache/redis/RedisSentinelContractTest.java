package dev.runway.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.query.Query;
import dev.runway.testkit.MutableClock;
import dev.runway.testkit.QueryCacheContract;
import dev.runway.testkit.RedisDeployments;
import dev.runway.testkit.SampleData;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.HostAndPort;

/** The cache contract through Sentinel, then a fail-over: the master dies and the cache follows. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelContractTest extends QueryCacheContract {

  private static final AtomicInteger NAMESPACE = new AtomicInteger();
  private static RedisDeployments.Sentinel deployment;

  @BeforeAll
  static void startDeployment() {
    deployment = RedisDeployments.sentinel();
  }

  @AfterAll
  static void stopDeployment() {
    if (deployment != null) {
      deployment.close();
    }
  }

  private static RedisQueryCache newCache() {
    return RedisQueryCache.builder()
        .sentinel(
            deployment.masterName(),
            Set.of(new HostAndPort("127.0.0.1", deployment.sentinel().port())))
        .prefix("sentinel" + NAMESPACE.incrementAndGet())
        .circuitBreaker(3, Duration.ofMillis(500))
        .build();
  }

  @Override
  protected QueryCache createCache(MutableClock clock) {
    return newCache();
  }

  @Override
  protected boolean followsClock() {
    return false;
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: it kills the master
  @Timeout(90)
  void masterKilled_cacheKeepsWorkingThroughNewMaster() throws Exception {
    try (RedisQueryCache cache = newCache()) {
      CacheKey before = CacheKey.of(Query.of("SELECT 'before failover'"));
      cache.put(before, SampleData.result(2), Duration.ofMinutes(5), Set.of());
      assertThat(cache.get(before)).isPresent();
      deployment.master().kill();
      // During the fail-over every call is a miss, never an exception; afterwards writes and
      // reads work again against the promoted replica.
      CacheKey after = CacheKey.of(Query.of("SELECT 'after failover'"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      boolean served = false;
      while (!served && System.nanoTime() < deadline) {
        cache.put(after, SampleData.result(3), Duration.ofMinutes(5), Set.of());
        served = cache.get(after).isPresent();
        if (!served) {
          Thread.sleep(200);
        }
      }
      assertThat(served).as("the cache serves hits through the new master").isTrue();
      assertThat(cache.stats().errors()).isGreaterThan(0);
    }
  }
}
