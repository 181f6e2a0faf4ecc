package dev.runway.core.cache;

import dev.runway.core.query.QueryResult;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** The {@code none} cache: stores nothing, counts misses. */
final class NoQueryCache implements QueryCache {

  private final LongAdder misses = new LongAdder();

  NoQueryCache() {}

  @Override
  public String name() {
    return "none";
  }

  @Override
  public Optional<QueryResult> get(CacheKey key) {
    misses.increment();
    return Optional.empty();
  }

  @Override
  public void put(CacheKey key, QueryResult result, Duration ttl, Set<String> tags) {}

  @Override
  public QueryResult getOrLoad(
      CacheKey key, Duration ttl, Set<String> tags, Supplier<QueryResult> loader) {
    misses.increment();
    return loader.get();
  }

  @Override
  public void invalidate(CacheKey key) {}

  @Override
  public void invalidateTag(String tag) {}

  @Override
  public void invalidateAll() {}

  @Override
  public CacheStats stats() {
    return new CacheStats(0, misses.sum(), 0, 0, Duration.ZERO, 0, 0, 0);
  }
}
