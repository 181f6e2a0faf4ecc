package dev.runway.testkit;

import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.query.QueryResult;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The cache contract run against a deliberately broken cache that ignores TTLs. Not picked up by
 * the build on its own (the name does not end in Test); {@link ContractStrengthTest} runs it and
 * expects the TTL test to fail.
 */
class TtlIgnoringCacheContractRun extends QueryCacheContract {

  @Override
  protected QueryCache createCache(MutableClock clock) {
    QueryCache real = InMemoryQueryCache.builder().clock(clock).build();
    Duration forever = Duration.ofDays(3650);
    return new ForwardingQueryCache(real) {
      @Override
      public void put(CacheKey key, QueryResult result, Duration ttl, Set<String> tags) {
        real.put(key, result, forever, tags);
      }

      @Override
      public QueryResult getOrLoad(
          CacheKey key, Duration ttl, Set<String> tags, Supplier<QueryResult> loader) {
        return real.getOrLoad(key, forever, tags, loader);
      }
    };
  }
}
