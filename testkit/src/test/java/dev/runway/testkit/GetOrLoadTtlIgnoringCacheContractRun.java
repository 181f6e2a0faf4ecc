package dev.runway.testkit;

import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.query.QueryResult;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The cache contract run against a cache whose {@code put} honours the TTL but whose {@code
 * getOrLoad} stores forever. {@link ContractStrengthTest} expects the getOrLoad TTL test to fail.
 */
class GetOrLoadTtlIgnoringCacheContractRun extends QueryCacheContract {

  @Override
  protected QueryCache createCache(MutableClock clock) {
    QueryCache real = InMemoryQueryCache.builder().clock(clock).build();
    return new ForwardingQueryCache(real) {
      @Override
      public QueryResult getOrLoad(
          CacheKey key, Duration ttl, Set<String> tags, Supplier<QueryResult> loader) {
        return real.getOrLoad(key, Duration.ofDays(3650), tags, loader);
      }
    };
  }
}
