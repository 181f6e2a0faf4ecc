package dev.runway.core.cache;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters every {@link dev.runway.core.cache.QueryCache} keeps; thread-safe, contention-free.
 */
final class CacheCounters {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder loads = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder loadNanos = new LongAdder();
  private final LongAdder puts = new LongAdder();

  /** Counts a hit. */
  public void hit() {
    hits.increment();
  }

  /** Counts a miss. */
  public void miss() {
    misses.increment();
  }

  /** Counts a successful load that took {@code nanos}. */
  public void loaded(long nanos) {
    loads.increment();
    loadNanos.add(nanos);
  }

  /** Counts a result written to the store. */
  public void put() {
    puts.increment();
  }

  /** Counts a failed load that took {@code nanos}. */
  public void loadFailed(long nanos) {
    loadFailures.increment();
    loadNanos.add(nanos);
  }

  /** Returns the counters with the cache's own eviction and error counts. */
  public CacheStats snapshot(long evictions, long errors) {
    return new CacheStats(
        hits.sum(),
        misses.sum(),
        loads.sum(),
        loadFailures.sum(),
        Duration.ofNanos(loadNanos.sum()),
        evictions,
        errors,
        puts.sum());
  }
}
