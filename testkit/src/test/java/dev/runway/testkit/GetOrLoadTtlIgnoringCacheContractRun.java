package dev.runway.testkit;

import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.CacheStats;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.query.QueryResult;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The cache contract run against a cache whose {@code put} honours the TTL but whose
 * {@code getOrLoad} stores forever. {@link ContractStrengthTest} expects the getOrLoad TTL test to fail.
 */
class GetOrLoadTtlIgnoringCacheContractRun extends QueryCacheContract {

  @Override
  protected QueryCache createCache(MutableClock clock) {
    QueryCache real = InMemoryQueryCache.builder().clock(clock).build();
    return new QueryCache() {
      @Override
      public String name() {
        return "getOrLoad-ttl-ignoring";
      }

      @Override
      public Optional<QueryResult> get(CacheKey key) {
        return real.get(key);
      }

      @Override
      public void put(CacheKey key, QueryResult result, Duration ttl, Set<String> tags) {
        real.put(key, result, ttl, tags);
      }

      @Override
      public QueryResult getOrLoad(CacheKey key, Duration ttl, Set<String> tags, Supplier<QueryResult> loader) {
        return real.getOrLoad(key, Duration.ofDays(3650), tags, loader);
      }

      @Override
      public void invalidate(CacheKey key) {
        real.invalidate(key);
      }

      @Override
      public void invalidateTag(String tag) {
        real.invalidateTag(tag);
      }

      @Override
      public void invalidateAll() {
        real.invalidateAll();
      }

      @Override
      public CacheStats stats() {
        return real.stats();
      }
    };
  }
}
