package dev.runway.core.cache;

import dev.runway.core.health.Health;
import dev.runway.core.query.QueryResult;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A cache of query results, in process ({@link dev.runway.core.local.InMemoryQueryCache}) or shared
 * (Redis). Implementations are thread-safe.
 *
 * <p>A failure of the cache itself is never the caller's failure: lookups degrade to a miss and
 * writes are dropped, each counted in {@link CacheStats#errors()}. Exceptions thrown by a loader
 * passed to {@link #getOrLoad} reach the caller unchanged.
 *
 * <p>Tags (typically table names) group entries for invalidation: {@link #invalidateTag} makes
 * every entry stored with that tag a miss from then on, including entries whose load was already
 * running when the tag was invalidated.
 */
public interface QueryCache extends AutoCloseable {

  /** Returns a cache that stores nothing; every lookup is a miss. */
  static QueryCache none() {
    return new NoQueryCache();
  }

  /** Returns the backend's name for health reports, such as {@code caffeine} or {@code redis}. */
  String name();

  /** Returns the live entry for {@code key}, marked as served from cache, or empty. */
  Optional<QueryResult> get(CacheKey key);

  /**
   * Stores a result.
   *
   * @param ttl how long the entry lives
   * @param tags lower-case tags that invalidate the entry
   */
  void put(CacheKey key, QueryResult result, Duration ttl, Set<String> tags);

  /**
   * Returns the live entry for {@code key} or computes it with {@code loader} and stores it.
   * Concurrent calls for the same missing key run the loader once (single flight); the others wait
   * for its result or exception.
   */
  QueryResult getOrLoad(CacheKey key, Duration ttl, Set<String> tags, Supplier<QueryResult> loader);

  /** Removes one entry. */
  void invalidate(CacheKey key);

  /** Makes every entry tagged with {@code tag} a miss. */
  void invalidateTag(String tag);

  /** Makes every entry a miss. */
  void invalidateAll();

  /** Returns the counters since the cache was created. */
  CacheStats stats();

  /** Reports whether the cache serves requests. Never throws. */
  default Health health() {
    return Health.up("cache:" + name());
  }

  /** Releases connections and threads. Idempotent. */
  @Override
  default void close() {}
}
