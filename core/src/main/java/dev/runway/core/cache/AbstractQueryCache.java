package dev.runway.core.cache;

import dev.runway.core.query.QueryResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The part of a {@link QueryCache} that is the same whatever stores the entries: single-flight
 * loading, the hit/miss/load counters behind {@link #stats()}, marking hits as served from cache,
 * TTL defaults and checks, and turning a failure of the store into a miss that is logged once per
 * outage. A subclass only reads and writes entries.
 *
 * <p>How the template calls the subclass:
 *
 * <ul>
 *   <li>{@link #get} and {@link #getOrLoad} call {@link #read}; a {@code RuntimeException} from it
 *       is a miss, counted and logged by {@link #failed};
 *   <li>on a miss, {@link #getOrLoad} runs the loader once per key in this instance (concurrent
 *       callers wait for it), calling {@link #recheck} first and {@link #loadAndStore} to load;
 *   <li>{@link #loadAndStore} takes a {@link #snapshot} of the invalidation state <em>before</em>
 *       the load, then {@link #write}s the result with it, so that an invalidation that overlaps
 *       the load rejects the entry;
 *   <li>{@link #put} is a snapshot and a write; a failed write is logged, never thrown.
 * </ul>
 *
 * <p>Subclasses must be thread-safe. Their {@code invalidate*} methods report backend failures
 * through {@link #failed} and successes through {@link #succeeded}, like the template does.
 */
public abstract class AbstractQueryCache implements QueryCache {

  private final SingleFlight<CacheKey, QueryResult> singleFlight = new SingleFlight<>();
  private final CacheCounters counters = new CacheCounters();
  private final DegradationLog degradation;

  /**
   * Creates the cache.
   *
   * @param log where degradation of the backing store is logged
   * @param description a noun phrase for the store in log lines, such as
   *     {@code "the Redis query cache (redis://cache:6379)"}; must hold no secret
   */
  protected AbstractQueryCache(Logger log, String description) {
    this.degradation = new DegradationLog(Objects.requireNonNull(log, "log"),
        Objects.requireNonNull(description, "description"));
  }

  /** Returns the TTL of entries stored without one. */
  public abstract Duration defaultTtl();

  /**
   * Reads the live entry for {@code key} as it was stored (not yet marked as a hit).
   *
   * @param forLoad whether a miss would be loaded now ({@link #getOrLoad}), so that the store may
   *     report an entry close to its expiry as a miss to refresh it early
   * @throws RuntimeException when the store fails; the template turns it into a miss
   */
  protected abstract Optional<QueryResult> read(CacheKey key, boolean forLoad);

  /**
   * Returns what {@link #write} needs to reject an entry whose tags (or the whole cache) were
   * invalidated after this call: generation counters, typically.
   *
   * @throws RuntimeException when the store fails; the result is then not stored
   */
  protected abstract Object snapshot(Set<String> tags);

  /**
   * Stores {@code result} (marked as not from cache) unless the invalidation state moved on since
   * {@code snapshot} was taken.
   *
   * @param ttl the positive TTL, already defaulted
   * @param loadNanos how long the load took (0 for {@link #put})
   * @throws RuntimeException when the store fails; the template logs it
   */
  protected abstract void write(CacheKey key, QueryResult result, Duration ttl, Set<String> tags,
      Object snapshot, long loadNanos);

  /**
   * Looks again, inside the single flight, for an entry a flight that just ended has stored. The
   * default finds none; a cache whose reads are cheap overrides it.
   */
  protected Optional<QueryResult> recheck(CacheKey key) {
    return Optional.empty();
  }

  /** Returns the evictions the store has made for size; 0 by default. */
  protected long evictions() {
    return 0;
  }

  @Override
  public final Optional<QueryResult> get(CacheKey key) {
    Objects.requireNonNull(key, "key");
    Optional<QueryResult> hit = readQuietly(key, false);
    if (hit.isPresent()) {
      counters.hit();
      return Optional.of(markHit(hit.get()));
    }
    counters.miss();
    return Optional.empty();
  }

  @Override
  public final void put(CacheKey key, QueryResult result, Duration ttl, Set<String> tags) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(tags, "tags");
    Duration effective = effectiveTtl(ttl);
    try {
      write(key, unmark(result), effective, tags, snapshot(tags), 0);
      succeeded();
    } catch (RuntimeException e) {
      failed("write", e);
    }
  }

  @Override
  public final QueryResult getOrLoad(CacheKey key, Duration ttl, Set<String> tags,
      Supplier<QueryResult> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(loader, "loader");
    Duration effective = effectiveTtl(ttl);
    Optional<QueryResult> hit = readQuietly(key, true);
    if (hit.isPresent()) {
      counters.hit();
      return markHit(hit.get());
    }
    counters.miss();
    return singleFlight.run(key, () -> {
      Optional<QueryResult> stored = recheck(key);
      if (stored.isPresent()) {
        return markHit(stored.get());
      }
      return loadAndStore(key, effective, tags, loader);
    });
  }

  /**
   * Loads a missing entry and stores it: snapshot, load, write. Runs inside the single flight.
   * Override to coordinate loads across instances (a lease, say), using {@link #load} to run the
   * loader so that it is counted.
   */
  protected QueryResult loadAndStore(CacheKey key, Duration ttl, Set<String> tags,
      Supplier<QueryResult> loader) {
    Object snapshot;
    try {
      snapshot = snapshot(tags);
      succeeded();
    } catch (RuntimeException e) {
      failed("read generations", e);
      snapshot = null; // without it a stale result could be stored: load, but do not store
    }
    long start = System.nanoTime();
    QueryResult loaded = load(loader);
    if (snapshot != null) {
      writeQuietly(key, loaded, ttl, tags, snapshot, System.nanoTime() - start);
    }
    return loaded;
  }

  /** Runs the loader, counting its time and outcome; its exception reaches the caller unchanged. */
  protected final QueryResult load(Supplier<QueryResult> loader) {
    long start = System.nanoTime();
    QueryResult loaded;
    try {
      loaded = Objects.requireNonNull(loader.get(), "the loader returned null");
    } catch (RuntimeException | Error t) {
      counters.loadFailed(System.nanoTime() - start);
      throw t;
    }
    counters.loaded(System.nanoTime() - start);
    return loaded;
  }

  /** Writes, turning a failure of the store into a logged, counted error. */
  protected final void writeQuietly(CacheKey key, QueryResult result, Duration ttl, Set<String> tags,
      Object snapshot, long loadNanos) {
    try {
      write(key, unmark(result), ttl, tags, snapshot, loadNanos);
      succeeded();
    } catch (RuntimeException e) {
      failed("write", e);
    }
  }

  /** Records a failed call to the store: counted, and logged at WARN once per outage. */
  protected final void failed(String action, Throwable cause) {
    degradation.failure(action, cause);
  }

  /** Records a successful call to the store: the end of an outage is logged once. */
  protected final void succeeded() {
    degradation.success();
  }

  /** Returns whether the last call to the store failed. */
  protected final boolean failing() {
    return degradation.isFailing();
  }

  @Override
  public final CacheStats stats() {
    return counters.snapshot(evictions(), degradation.errors());
  }

  private Optional<QueryResult> readQuietly(CacheKey key, boolean forLoad) {
    try {
      Optional<QueryResult> r = read(key, forLoad);
      succeeded();
      return r;
    } catch (RuntimeException e) {
      failed("read", e);
      return Optional.empty();
    }
  }

  private Duration effectiveTtl(Duration ttl) {
    Duration effective = ttl == null ? defaultTtl() : ttl;
    if (effective.isNegative() || effective.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, got " + effective);
    }
    return effective;
  }

  /** Returns {@code r} marked as served from cache, at no cost. */
  protected static QueryResult markHit(QueryResult r) {
    if (r.stats().fromCache() && r.stats().estimatedCostUsd().signum() == 0) {
      return r;
    }
    return r.withStats(r.stats().toBuilder().fromCache(true).estimatedCostUsd(BigDecimal.ZERO).build());
  }

  private static QueryResult unmark(QueryResult r) {
    return r.stats().fromCache() ? r.withStats(r.stats().toBuilder().fromCache(false).build()) : r;
  }
}
