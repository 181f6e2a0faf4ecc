package dev.runway.micrometer;

import dev.runway.core.cache.CacheStats;
import dev.runway.core.cache.QueryCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer's cache meters for a {@link QueryCache}, named as its {@link CacheMeterBinder}
 * conventions name them: {@code cache.gets{result=hit|miss}}, {@code cache.puts}, {@code
 * cache.evictions}, plus, as the Caffeine binder does, {@code cache.load{result=success|failure}}
 * and {@code cache.load.duration}, and Runway's own {@code cache.errors} (failures of the cache
 * itself, each served as a miss). All read {@link QueryCache#stats()}; nothing is added to the
 * cache's hot path. The size is not reported (a remote cache's size is not the application's).
 */
public class QueryCacheMetrics extends CacheMeterBinder<QueryCache> {

  /**
   * Binds {@code cache} under the cache name {@code cacheName}.
   *
   * @param tags extra tags for every meter
   */
  public QueryCacheMetrics(QueryCache cache, String cacheName, Iterable<Tag> tags) {
    super(cache, cacheName, tags);
  }

  private @Nullable CacheStats stats() {
    QueryCache cache = getCache();
    return cache == null ? null : cache.stats();
  }

  @Override
  protected @Nullable Long size() {
    return null;
  }

  @Override
  protected long hitCount() {
    CacheStats s = stats();
    return s == null ? 0 : s.hits();
  }

  @Override
  protected Long missCount() {
    CacheStats s = stats();
    return s == null ? 0L : s.misses();
  }

  @Override
  protected Long evictionCount() {
    CacheStats s = stats();
    return s == null ? 0L : s.evictions();
  }

  @Override
  protected long putCount() {
    CacheStats s = stats();
    return s == null ? 0 : s.puts();
  }

  @Override
  protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
    QueryCache cache = getCache();
    if (cache == null) {
      return;
    }
    FunctionCounter.builder("cache.load", cache, c -> c.stats().loads())
        .tags(getTagsWithCacheName())
        .tag("result", "success")
        .description("results loaded after a miss")
        .register(registry);
    FunctionCounter.builder("cache.load", cache, c -> c.stats().loadFailures())
        .tags(getTagsWithCacheName())
        .tag("result", "failure")
        .description("loads after a miss that failed")
        .register(registry);
    TimeGauge.builder(
            "cache.load.duration",
            cache,
            TimeUnit.NANOSECONDS,
            c -> c.stats().totalLoadTime().toNanos())
        .tags(getTagsWithCacheName())
        .description("time spent loading results after misses")
        .register(registry);
    FunctionCounter.builder("cache.errors", cache, c -> c.stats().errors())
        .tags(getTagsWithCacheName())
        .description("failures of the cache itself, each served as a miss or a skipped write")
        .register(registry);
  }
}
