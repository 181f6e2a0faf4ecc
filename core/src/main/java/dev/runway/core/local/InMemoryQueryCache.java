package dev.runway.core.local;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.runway.core.cache.AbstractQueryCache;
import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.internal.Checks;
import dev.runway.core.internal.SetOnce;
import dev.runway.core.query.QueryResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * An in-process {@link QueryCache} on Caffeine: a TTL per entry, a bound on the estimated heap
 * bytes of all entries (least valuable entries are evicted first, by Caffeine's W-TinyLFU), tag
 * invalidation, and single-flight loading. Thread-safe.
 *
 * <p>Tag and whole-cache invalidation use generation counters instead of an index of keys: an entry
 * remembers the generation of each of its tags as it was <em>before its load started</em> and is a
 * miss once any of them has moved on. That makes invalidation O(1) and also rejects a result whose
 * load overlapped the invalidation, which an index-based scheme would keep.
 */
public final class InMemoryQueryCache extends AbstractQueryCache {

  // tagCounters[i] is the generation counter of the entry's i-th tag, tagGenerations[i] its value
  // before the load started: a hit compares them without a lookup
  @SuppressWarnings("ArrayRecordComponent") // private, never exposed or compared
  private record Entry(
      QueryResult result,
      long expiresAt,
      long global,
      AtomicLong[] tagCounters,
      long[] tagGenerations,
      int weight) {

    boolean expired(long now) {
      return now - expiresAt >= 0;
    }
  }

  // How often at most expired entries are swept out (they are misses from their deadline on, and
  // count towards the size bound until swept or evicted).
  private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

  private final Cache<CacheKey, Entry> cache;
  private final ConcurrentHashMap<String, AtomicLong> tagGenerations = new ConcurrentHashMap<>();
  private final AtomicLong globalGeneration = new AtomicLong();
  private final Duration defaultTtl;
  private final long maximumBytes;
  private final LongAdder evictions = new LongAdder();
  private final Ticker ticker;
  private final AtomicLong nextSweep = new AtomicLong();
  private final Executor sweeper;

  private InMemoryQueryCache(Builder b) {
    super(LoggerFactory.getLogger(InMemoryQueryCache.class), "the in-process query cache");
    this.defaultTtl = b.defaultTtl;
    this.maximumBytes = b.maximumBytes;
    Clock clock = b.clock;
    // Expiry is a deadline in the entry, checked by a hit, instead of Caffeine's per-entry expiry:
    // that reads the clock and hands maintenance to another thread on every read, which measured
    // twice the cost of the rest of a hit together (docs/maintainers/benchmarks.md).
    Caffeine<CacheKey, Entry> caffeine =
        Caffeine.newBuilder()
            .maximumWeight(b.maximumBytes)
            .weigher((CacheKey k, Entry e) -> e.weight())
            .removalListener(
                (@Nullable CacheKey k, @Nullable Entry e, RemovalCause cause) -> {
                  if (cause.wasEvicted()) {
                    evictions.increment();
                  }
                });
    if (clock != null) {
      // a test's clock: maintenance (eviction, sweeping) on the caller's thread, so that it is
      // deterministic; otherwise Caffeine's own executor keeps it off the hit path
      caffeine.executor(Runnable::run);
      this.ticker = tickerOf(clock);
      this.sweeper = Runnable::run;
    } else {
      this.ticker = Ticker.systemTicker();
      this.sweeper = ForkJoinPool.commonPool();
    }
    this.cache = caffeine.build();
  }

  /** Returns an in-process cache with the default size bound (256 MiB) and TTL (5 minutes). */
  public static InMemoryQueryCache create() {
    return builder().build();
  }

  /** Returns a builder with a 256 MiB bound and a 5-minute default TTL. */
  public static Builder builder() {
    return new Builder();
  }

  private static Ticker tickerOf(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  @Override
  public String name() {
    return "caffeine";
  }

  /** Returns the TTL used by callers that have no TTL of their own. */
  @Override
  public Duration defaultTtl() {
    return defaultTtl;
  }

  @Override
  protected Optional<QueryResult> read(CacheKey key, boolean forLoad) {
    Entry e = cache.getIfPresent(key);
    if (e == null) {
      return Optional.empty();
    }
    if (e.expired(ticker.read()) || isStale(e)) {
      cache.asMap().remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e.result());
  }

  @SuppressWarnings("ArrayRecordComponent") // private, never exposed or compared
  private record Snapshot(long global, AtomicLong[] counters, long[] generations) {}

  @Override
  protected Object snapshot(Set<String> tags) {
    Map<String, AtomicLong> counters = new LinkedHashMap<>();
    for (String t : tags) {
      String tag = t.toLowerCase(Locale.ROOT);
      counters.put(tag, tagGenerations.computeIfAbsent(tag, x -> new AtomicLong()));
    }
    AtomicLong[] c = counters.values().toArray(new AtomicLong[0]);
    long[] g = new long[c.length];
    for (int i = 0; i < c.length; i++) {
      g[i] = c[i].get();
    }
    // the global generation is read last: a whole-cache invalidation between the reads above and
    // this one makes the entry stale, never the other way round
    return new Snapshot(globalGeneration.get(), c, g);
  }

  @Override
  protected void write(
      CacheKey key,
      QueryResult result,
      Duration ttl,
      Set<String> tags,
      Object snapshot,
      long loadNanos) {
    Snapshot s = (Snapshot) snapshot;
    long weight = ResultSizes.estimate(result);
    if (weight > maximumBytes) {
      return; // larger than the whole cache: storing it would only evict everything else
    }
    // kept as a hit reads it, so a hit allocates nothing
    long now = ticker.read();
    Entry e =
        new Entry(
            markHit(result),
            now + ttl.toNanos(),
            s.global(),
            s.counters(),
            s.generations(),
            (int) Math.min(Integer.MAX_VALUE, weight));
    if (isStale(e)) {
      return; // invalidated while it loaded
    }
    cache.put(key, e);
    sweepIfDue(now);
  }

  /** Removes expired entries, at most once a second, off the caller's thread. */
  private void sweepIfDue(long now) {
    long next = nextSweep.get();
    if (now - next < 0 || !nextSweep.compareAndSet(next, now + SWEEP_INTERVAL_NANOS)) {
      return;
    }
    sweeper.execute(() -> sweep(ticker.read()));
  }

  private void sweep(long now) {
    cache.asMap().values().removeIf(e -> e.expired(now));
  }

  private boolean isStale(Entry e) {
    if (e.global() != globalGeneration.get()) {
      return true;
    }
    AtomicLong[] counters = e.tagCounters();
    long[] generations = e.tagGenerations();
    for (int i = 0; i < counters.length; i++) {
      if (counters[i].get() != generations[i]) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected void applyInvalidate(CacheKey key) {
    cache.invalidate(key);
  }

  @Override
  protected void applyInvalidateTag(String tag) {
    tagGenerations
        .computeIfAbsent(tag.toLowerCase(Locale.ROOT), x -> new AtomicLong())
        .incrementAndGet();
  }

  @Override
  protected void applyInvalidateAll() {
    globalGeneration.incrementAndGet();
    cache.invalidateAll();
  }

  /**
   * Returns the number of entries held now: expired entries are removed first; entries an
   * invalidation made stale count until they are read or evicted.
   */
  public long size() {
    sweep(ticker.read());
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Returns the estimated heap bytes of all entries held now. */
  public long weightedSize() {
    return cache
        .policy()
        .eviction()
        .flatMap(
            ev -> {
              OptionalLong w = ev.weightedSize();
              return w.isPresent() ? Optional.of(w.getAsLong()) : Optional.empty();
            })
        .orElse(0L);
  }

  @Override
  protected long evictions() {
    return evictions.sum();
  }

  @Override
  public String toString() {
    return "InMemoryQueryCache{maximumBytes=" + maximumBytes + ", defaultTtl=" + defaultTtl + "}";
  }

  /** Builds an {@link InMemoryQueryCache}; not thread-safe. Each setting may be given once. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("InMemoryQueryCache.Builder");
    private Duration defaultTtl = Duration.ofMinutes(5);
    private long maximumBytes = 256L * 1024 * 1024;
    private @Nullable Clock clock;

    private Builder() {}

    /** Sets the TTL of entries stored without one (default 5 minutes). */
    public Builder defaultTtl(Duration ttl) {
      once.check("defaultTtl", ttl);
      this.defaultTtl = Checks.positive(ttl, "defaultTtl");
      return this;
    }

    /** Sets the bound on the estimated heap bytes of all entries (default 256 MiB). */
    public Builder maximumBytes(long bytes) {
      once.check("maximumBytes", bytes);
      if (bytes <= 0) {
        throw new IllegalArgumentException("maximumBytes must be positive, got " + bytes);
      }
      this.maximumBytes = bytes;
      return this;
    }

    /** Sets the clock that decides expiry (for tests); the system ticker by default. */
    public Builder clock(Clock clock) {
      once.check("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the cache. */
    public InMemoryQueryCache build() {
      return new InMemoryQueryCache(this);
    }
  }
}
