package dev.runway.testkit;

import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.CacheStats;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.query.QueryResult;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** A cache that forwards everything, for the broken caches of the contract strength tests to override. */
class ForwardingQueryCache implements QueryCache {

  final QueryCache real;

  ForwardingQueryCache(QueryCache real) {
    this.real = real;
  }

  @Override
  public String name() {
    return "broken";
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
    return real.getOrLoad(key, ttl, tags, loader);
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
}
