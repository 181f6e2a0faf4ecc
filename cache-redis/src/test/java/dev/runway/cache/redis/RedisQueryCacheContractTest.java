package dev.runway.cache.redis;

import dev.runway.core.cache.QueryCache;
import dev.runway.testkit.MutableClock;
import dev.runway.testkit.QueryCacheContract;
import dev.runway.testkit.RedisServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cache contract against a standalone redis-server. */
class RedisQueryCacheContractTest extends QueryCacheContract {

  private static final AtomicInteger NAMESPACE = new AtomicInteger();
  private static RedisServer server;

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected QueryCache createCache(MutableClock clock) {
    // a fresh namespace per test: an empty cache without flushing the server
    return RedisQueryCache.builder()
        .uri(server.uri())
        .prefix("contract" + NAMESPACE.incrementAndGet())
        .build();
  }

  @Override
  protected boolean followsClock() {
    return false; // Redis keeps its own time
  }
}
