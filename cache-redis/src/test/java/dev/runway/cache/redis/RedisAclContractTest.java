package dev.runway.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.query.Query;
import dev.runway.testkit.MutableClock;
import dev.runway.testkit.QueryCacheContract;
import dev.runway.testkit.RedisServer;
import dev.runway.testkit.SampleData;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache contract against an ACL-protected server (ElastiCache RBAC-style user + password). */
class RedisAclContractTest extends QueryCacheContract {

  private static final String PASSWORD = "acl-Secret-9";
  private static final AtomicInteger NAMESPACE = new AtomicInteger();
  private static RedisServer server;

  @BeforeAll
  static void startServer() {
    server =
        RedisServer.start(
            "--user",
            "default",
            "off",
            "--user",
            "runway",
            "on",
            ">" + PASSWORD,
            "~*",
            "&*",
            "+@all");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected QueryCache createCache(MutableClock clock) {
    return RedisQueryCache.builder()
        .uri("redis://runway:" + PASSWORD + "@127.0.0.1:" + server.port())
        .prefix("acl" + NAMESPACE.incrementAndGet())
        .build();
  }

  @Override
  protected boolean followsClock() {
    return false;
  }

  @Test
  void wrongPassword_isAMissNotAFailure_andNoSecretIsPrinted() {
    RedisQueryCache wrong =
        RedisQueryCache.builder().uri("redis://runway:not-it@127.0.0.1:" + server.port()).build();
    CacheKey k = CacheKey.of(Query.of("SELECT 'acl'"));
    wrong.put(k, SampleData.result(1), Duration.ofMinutes(1), Set.of());
    assertThat(wrong.get(k)).isEmpty();
    assertThat(wrong.stats().errors()).isGreaterThanOrEqualTo(2);
    assertThat(wrong.toString()).contains("password=***").doesNotContain("not-it");
    RedisQueryCache right = (RedisQueryCache) createCache(null);
    assertThat(right.toString()).doesNotContain(PASSWORD);
    wrong.close();
    right.close();
  }
}
