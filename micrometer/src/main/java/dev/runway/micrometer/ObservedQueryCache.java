package dev.runway.micrometer;

import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.ForwardingQueryCache;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.query.QueryResult;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Observes the cache operations that take time: the load after a miss ({@code runway.cache.load}, a
 * child of the query's observation) and invalidations ({@code runway.cache.invalidate}). Hits and
 * misses are counted by the cache itself and read by {@link QueryCacheMetrics}; observing each
 * lookup would cost more than a hit does.
 */
final class ObservedQueryCache extends ForwardingQueryCache {

  static final String LOAD = "runway.cache.load";
  static final String INVALIDATE = "runway.cache.invalidate";

  private final RunwayObservations observations;

  ObservedQueryCache(QueryCache delegate, RunwayObservations observations) {
    super(delegate);
    this.observations = observations;
  }

  @Override
  public QueryResult getOrLoad(
      CacheKey key, Duration ttl, Set<String> tags, Supplier<QueryResult> loader) {
    return super.getOrLoad(
        key, ttl, tags, () -> observations.observe(LOAD, name(), "load", loader, r -> "success"));
  }

  @Override
  public void invalidate(CacheKey key) {
    observations.observe(
        INVALIDATE,
        name(),
        "key",
        () -> {
          super.invalidate(key);
          return null;
        },
        r -> "success");
  }

  @Override
  public void invalidateTag(String tag) {
    observations.observe(
        INVALIDATE,
        name(),
        "tag",
        () -> {
          super.invalidateTag(tag);
          return null;
        },
        r -> "success");
  }

  @Override
  public void invalidateAll() {
    observations.observe(
        INVALIDATE,
        name(),
        "all",
        () -> {
          super.invalidateAll();
          return null;
        },
        r -> "success");
  }
}
