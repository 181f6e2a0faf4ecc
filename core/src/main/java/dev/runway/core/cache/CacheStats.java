package dev.runway.core.cache;

import java.time.Duration;

/**
 * A snapshot of a cache's counters since it was created.
 *
 * @param hits lookups that found a live entry
 * @param misses lookups that found none (including entries dropped as stale)
 * @param loads results computed by a loader after a miss
 * @param loadFailures loaders that threw
 * @param totalLoadTime time spent in loaders
 * @param evictions entries removed by size or expiry
 * @param errors failures of the cache itself (each degraded to a miss or a dropped write)
 * @param puts results written to the cache (by {@code put} or after a load)
 */
public record CacheStats(
    long hits,
    long misses,
    long loads,
    long loadFailures,
    Duration totalLoadTime,
    long evictions,
    long errors,
    long puts) {

  /** Returns hits divided by lookups, or 0 when there were none. */
  public double hitRate() {
    long lookups = hits + misses;
    return lookups == 0 ? 0.0 : (double) hits / lookups;
  }

  /** Returns the mean time of a load, or zero when there were none. */
  public Duration averageLoadTime() {
    long n = loads + loadFailures;
    return n == 0 ? Duration.ZERO : totalLoadTime.dividedBy(n);
  }
}
