package dev.runway.cache.redis;

import dev.runway.core.cache.QueryCache;
import dev.runway.testkit.MutableClock;
import dev.runway.testkit.QueryCacheContract;
import dev.runway.testkit.RedisDeployments;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.HostAndPort;

/**
 * The cache contract against a Redis Cluster of three masters: entry keys spread over the slots and
 * no command touches two keys, so nothing fails with CROSSSLOT.
 */
class RedisClusterContractTest extends QueryCacheContract {

  private static final AtomicInteger NAMESPACE = new AtomicInteger();
  private static RedisDeployments.Cluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisDeployments.cluster();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected QueryCache createCache(MutableClock clock) {
    Set<HostAndPort> nodes =
        cluster.nodes().stream()
            .map(n -> new HostAndPort("127.0.0.1", n.port()))
            .collect(Collectors.toSet());
    return RedisQueryCache.builder()
        .cluster(nodes)
        .prefix("cluster" + NAMESPACE.incrementAndGet())
        .build();
  }

  @Override
  protected boolean followsClock() {
    return false;
  }
}
