package dev.runway.core.local;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  private record Entry(
      QueryResult result,
      Duration ttl,
      long global,
      Map<String, Long> tagGenerations,
      int weight) {}

  private final Cache<CacheKey, Entry> cache;
  private final ConcurrentHashMap<String, AtomicLong> tagGenerations = new ConcurrentHashMap<>();
  private final AtomicLong globalGeneration = new AtomicLong();
  private final Duration defaultTtl;
  private final long maximumBytes;
  private final LongAdder evictions = new LongAdder();

  private InMemoryQueryCache(Builder b) {
    super(LoggerFactory.getLogger(InMemoryQueryCache.class), "the in-process query cache");
    this.defaultTtl = b.defaultTtl;
    this.maximumBytes = b.maximumBytes;
    Clock clock = b.clock;
    Caffeine<CacheKey, Entry> caffeine =
        Caffeine.newBuilder()
            .maximumWeight(b.maximumBytes)
            .weigher((CacheKey k, Entry e) -> e.weight())
            .removalListener(
                (@Nullable CacheKey k, @Nullable Entry e, RemovalCause cause) -> {
                  if (cause.wasEvicted()) {
                    evictions.increment();
                  }
                })
            .expireAfter(
                new Expiry<CacheKey, Entry>() {
                  @Override
                  public long expireAfterCreate(CacheKey key, Entry e, long now) {
                    return e.ttl().toNanos();
                  }

                  @Override
                  public long expireAfterUpdate(CacheKey key, Entry e, long now, long current) {
                    return e.ttl().toNanos();
                  }

                  @Override
                  public long expireAfterRead(CacheKey key, Entry e, long now, long current) {
                    return current;
                  }
                });
    if (clock != null) {
      // a test's clock: maintenance (expiry, eviction) on the caller's thread, so that it is
      // deterministic; otherwise Caffeine's own executor keeps it off the hit path
      caffeine.ticker(tickerOf(clock)).executor(Runnable::run);
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
    if (isStale(e)) {
      cache.asMap().remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e.result());
  }

  private record Snapshot(long global, Map<String, Long> tags) {}

  @Override
  protected Object snapshot(Set<String> tags) {
    Map<String, Long> gens = new HashMap<>();
    for (String t : tags) {
      String tag = t.toLowerCase(Locale.ROOT);
      gens.put(tag, tagGenerations.computeIfAbsent(tag, x -> new AtomicLong()).get());
    }
    return new Snapshot(globalGeneration.get(), Map.copyOf(gens));
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
    Entry e =
        new Entry(
            markHit(result), ttl, s.global(), s.tags(), (int) Math.min(Integer.MAX_VALUE, weight));
    if (isStale(e)) {
      return; // invalidated while it loaded
    }
    cache.put(key, e);
  }

  private boolean isStale(Entry e) {
    if (e.global() != globalGeneration.get()) {
      return true;
    }
    for (Map.Entry<String, Long> t : e.tagGenerations().entrySet()) {
      AtomicLong current = tagGenerations.get(t.getKey());
      if (current != null && current.get() != t.getValue()) {
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

  /** Returns the number of entries held now, live or not yet cleaned up. */
  public long size() {
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
