package dev.runway.core.cache;

import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
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
 *       callers wait for it), reading once more first ({@link #recheck}) and loading with {@link
 *       #loadAndStore};
 *   <li>{@link #loadAndStore} takes a {@link #snapshot} of the invalidation state <em>before</em>
 *       the load, then {@link #write}s the result with it, so that an invalidation that overlaps
 *       the load rejects the entry;
 *   <li>{@link #put} is a snapshot and a write; a failed write is logged, never thrown.
 * </ul>
 *
 * <p>Invalidations go through {@link #applyInvalidate}, {@link #applyInvalidateTag} and {@link
 * #applyInvalidateAll}. One that fails is never lost: it is kept pending and applied again (at most
 * once a second, before the next read), and until every pending invalidation has reached the store
 * every read is a miss and nothing is written, so a stale result is never served. A read that fails
 * makes the rest of that call skip the store (the loader still runs), so an unanswering store costs
 * a call one timeout, not one per step.
 *
 * <p>Failures are logged once per outage and separately for reads and writes ({@link #failed} with
 * a {@link Op}); {@link #writesFailing()} tells a subclass's health check that writes or
 * invalidations do not reach the store. Subclasses must be thread-safe.
 */
public abstract class AbstractQueryCache implements QueryCache {

  /** What a call to the store did, for the degradation log. */
  protected enum Op {
    /** A lookup. */
    READ,
    /** A store, an invalidation or anything else that changes the store. */
    WRITE
  }

  private static final long PENDING_RETRY_NANOS = 1_000_000_000L;

  private final SingleFlight<CacheKey, QueryResult> singleFlight = new SingleFlight<>();
  private final Set<Object> pending = ConcurrentHashMap.newKeySet();
  private final AtomicLong nextPendingAttempt = new AtomicLong();
  private final CacheCounters counters = new CacheCounters();
  private final DegradationLog degradation;
  private final LongSupplier nanoTime;

  /**
   * Creates the cache.
   *
   * @param log where degradation of the backing store is logged
   * @param description a noun phrase for the store in log lines, such as {@code "the Redis query
   *     cache (redis://cache:6379)"}; must hold no secret
   */
  protected AbstractQueryCache(Logger log, String description) {
    this(log, description, System::nanoTime);
  }

  /**
   * Creates the cache with the clock that times loads and paces the re-application of pending
   * invalidations (a test's clock; {@link System#nanoTime()} otherwise).
   */
  protected AbstractQueryCache(Logger log, String description, LongSupplier nanoTime) {
    this.degradation =
        new DegradationLog(
            Objects.requireNonNull(log, "log"), Objects.requireNonNull(description, "description"));
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
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
  protected abstract void write(
      CacheKey key,
      QueryResult result,
      Duration ttl,
      Set<String> tags,
      Object snapshot,
      long loadNanos);

  /**
   * Looks again, inside the single flight, for an entry that a flight which ended between this
   * caller's first read and its turn has stored: without it that caller would load again (seen on
   * Redis with more callers than pooled connections). One more read per miss; a failure is a miss.
   */
  protected Optional<QueryResult> recheck(CacheKey key) {
    try {
      return read(key, false);
    } catch (RuntimeException e) {
      failed(Op.READ, "read", e);
      return Optional.empty();
    }
  }

  /**
   * Called first by {@link #get}, {@link #put} and {@link #getOrLoad}, on the caller's thread: a
   * store that bounds the time one call spends on it starts counting here. Does nothing by default.
   */
  protected void beginCall() {}

  /** Returns the evictions the store has made for size; 0 by default. */
  protected long evictions() {
    return 0;
  }

  @Override
  public final Optional<QueryResult> get(CacheKey key) {
    Objects.requireNonNull(key, "key");
    beginCall();
    Optional<QueryResult> hit = settled() ? readQuietly(key, false) : null;
    hit = hit == null ? Optional.empty() : hit;
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
    beginCall();
    if (!settled()) {
      return; // an invalidation has not reached the store: write nothing it could make stale
    }
    try {
      write(key, unmark(result), effective, tags, snapshot(tags), 0);
      counters.put();
      succeeded(Op.WRITE);
    } catch (RuntimeException e) {
      failed(Op.WRITE, "write", e);
    }
  }

  @Override
  public final QueryResult getOrLoad(
      CacheKey key, Duration ttl, Set<String> tags, Supplier<QueryResult> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(loader, "loader");
    Duration effective = effectiveTtl(ttl);
    beginCall();
    Optional<QueryResult> hit = settled() ? readQuietly(key, true) : null;
    if (hit != null && hit.isPresent()) {
      counters.hit();
      return markHit(hit.get());
    }
    counters.miss();
    if (hit == null) {
      // the store failed this call (or owes an invalidation): load, and leave the store alone
      return load(loader);
    }
    return singleFlight.run(
        key,
        () -> {
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
  protected QueryResult loadAndStore(
      CacheKey key, Duration ttl, Set<String> tags, Supplier<QueryResult> loader) {
    Object snapshot;
    try {
      snapshot = snapshot(tags);
      succeeded(Op.READ);
    } catch (RuntimeException e) {
      failed(Op.READ, "read generations", e);
      snapshot = null; // without it a stale result could be stored: load, but do not store
    }
    long start = nanoTime.getAsLong();
    QueryResult loaded = load(loader);
    if (snapshot != null) {
      writeQuietly(key, loaded, ttl, tags, snapshot, nanoTime.getAsLong() - start);
    }
    return loaded;
  }

  /** Runs the loader, counting its time and outcome; its exception reaches the caller unchanged. */
  protected final QueryResult load(Supplier<QueryResult> loader) {
    long start = nanoTime.getAsLong();
    QueryResult loaded;
    try {
      loaded = Objects.requireNonNull(loader.get(), "the loader returned null");
    } catch (RuntimeException | Error t) {
      counters.loadFailed(nanoTime.getAsLong() - start);
      throw t;
    }
    counters.loaded(nanoTime.getAsLong() - start);
    return loaded;
  }

  /** Writes, turning a failure of the store into a logged, counted error. */
  protected final void writeQuietly(
      CacheKey key,
      QueryResult result,
      Duration ttl,
      Set<String> tags,
      Object snapshot,
      long loadNanos) {
    if (!pending.isEmpty()) {
      return;
    }
    try {
      write(key, unmark(result), ttl, tags, snapshot, loadNanos);
      counters.put();
      succeeded(Op.WRITE);
    } catch (RuntimeException e) {
      failed(Op.WRITE, "write", e);
    }
  }

  /**
   * Records a failed call to the store: counted, and logged at WARN once per outage of its kind.
   */
  protected final void failed(Op op, String action, Throwable cause) {
    degradation.failure(
        op == Op.READ ? DegradationLog.Kind.READ : DegradationLog.Kind.WRITE, action, cause);
  }

  /** Records a successful call to the store: the end of an outage of its kind is logged once. */
  protected final void succeeded(Op op) {
    degradation.success(op == Op.READ ? DegradationLog.Kind.READ : DegradationLog.Kind.WRITE);
  }

  /** Returns whether the last read from the store failed. */
  protected final boolean readsFailing() {
    return degradation.isFailing(DegradationLog.Kind.READ);
  }

  /**
   * Returns whether writes do not reach the store: the last write failed, or an invalidation is
   * still pending. A health check reports the cache DEGRADED then.
   */
  protected final boolean writesFailing() {
    return degradation.isFailing(DegradationLog.Kind.WRITE) || !pending.isEmpty();
  }

  /** Returns how many invalidations have not reached the store yet. */
  public final int pendingInvalidations() {
    return pending.size();
  }

  // ---- invalidation, never lost ----

  /** Removes one entry from the store; throws when the store fails. */
  protected abstract void applyInvalidate(CacheKey key);

  /**
   * Makes every entry tagged {@code tag} (lower case) a miss in the store; throws when the store
   * fails.
   */
  protected abstract void applyInvalidateTag(String tag);

  /** Makes every entry a miss in the store; throws when the store fails. */
  protected abstract void applyInvalidateAll();

  private record PendingTag(String tag) {}

  private enum PendingAll {
    ALL
  }

  @Override
  public final void invalidate(CacheKey key) {
    Objects.requireNonNull(key, "key");
    invalidating(key, "invalidate " + key);
  }

  @Override
  public final void invalidateTag(String tag) {
    Objects.requireNonNull(tag, "tag");
    invalidating(new PendingTag(tag.toLowerCase(Locale.ROOT)), "invalidate tag " + tag);
  }

  @Override
  public final void invalidateAll() {
    invalidating(PendingAll.ALL, "invalidate all");
  }

  private void invalidating(Object what, String action) {
    try {
      apply(what);
      succeeded(Op.WRITE);
    } catch (RuntimeException e) {
      pending.add(what);
      failed(Op.WRITE, action + " (kept pending: reads are misses until it is applied)", e);
    }
  }

  private void apply(Object what) {
    if (what instanceof CacheKey k) {
      applyInvalidate(k);
    } else if (what instanceof PendingTag t) {
      applyInvalidateTag(t.tag());
    } else {
      applyInvalidateAll();
    }
  }

  /**
   * Returns whether no invalidation is pending, first applying pending ones (at most once a second,
   * so that a store that stays down costs no call more than a miss).
   */
  private boolean settled() {
    if (pending.isEmpty()) {
      return true;
    }
    long now = nanoTime.getAsLong();
    long next = nextPendingAttempt.get();
    if (now - next < 0 || !nextPendingAttempt.compareAndSet(next, now + PENDING_RETRY_NANOS)) {
      return false;
    }
    for (Object what : pending.toArray()) {
      try {
        apply(what);
        pending.remove(what);
        succeeded(Op.WRITE);
      } catch (RuntimeException e) {
        failed(Op.WRITE, "re-apply a pending invalidation", e);
        return false;
      }
    }
    return pending.isEmpty();
  }

  @Override
  public final CacheStats stats() {
    return counters.snapshot(evictions(), degradation.errors());
  }

  /** Returns the entry, or empty for a miss, or {@code null} when the store failed. */
  private @Nullable Optional<QueryResult> readQuietly(CacheKey key, boolean forLoad) {
    try {
      Optional<QueryResult> r = read(key, forLoad);
      succeeded(Op.READ);
      return r;
    } catch (RuntimeException e) {
      failed(Op.READ, "read", e);
      return null;
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
    QueryStats s = r.stats();
    if (s.fromCache() && s.estimatedCostUsd().signum() == 0 && s.executionTime().isZero()) {
      return r; // stores that keep the marked copy (the in-process one) allocate nothing per hit
    }
    return r.withStats(
        s.toBuilder()
            .fromCache(true)
            .estimatedCostUsd(BigDecimal.ZERO)
            .executionTime(Duration.ZERO)
            .build());
  }

  private static QueryResult unmark(QueryResult r) {
    return r.stats().fromCache() ? r.withStats(r.stats().toBuilder().fromCache(false).build()) : r;
  }
}
