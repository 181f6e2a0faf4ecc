package dev.runway.core.local;

import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.CacheStats;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.query.QueryResult;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.runway.core.internal.CacheCounters;
import dev.runway.core.internal.Checks;
import dev.runway.core.internal.ResultSizes;
import dev.runway.core.internal.SingleFlight;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * An in-process {@link QueryCache} on Caffeine: a TTL per entry, a bound on the estimated heap
 * bytes of all entries (least valuable entries are evicted first, by Caffeine's W-TinyLFU), tag
 * invalidation, and single-flight loading. Thread-safe.
 *
 * <p>Tag and whole-cache invalidation use generation counters instead of an index of keys: an
 * entry remembers the generation of each of its tags as it was <em>before its load started</em>
 * and is a miss once any of them has moved on. That makes invalidation O(1) and also rejects a
 * result whose load overlapped the invalidation, which an index-based scheme would keep.
 */
public final class InMemoryQueryCache implements QueryCache {

  private record Entry(QueryResult result, Duration ttl, long global, Map<String, Long> tagGenerations,
      int weight) {}

  private final Cache<CacheKey, Entry> cache;
  private final ConcurrentHashMap<String, AtomicLong> tagGenerations = new ConcurrentHashMap<>();
  private final AtomicLong globalGeneration = new AtomicLong();
  private final SingleFlight<CacheKey, QueryResult> singleFlight = new SingleFlight<>();
  private final Duration defaultTtl;
  private final long maximumBytes;
  private final CacheCounters counters = new CacheCounters();
  private final LongAdder evictions = new LongAdder();

  private InMemoryQueryCache(Builder b) {
    this.defaultTtl = b.defaultTtl;
    this.maximumBytes = b.maximumBytes;
    Clock clock = b.clock;
    Caffeine<CacheKey, Entry> caffeine = Caffeine.newBuilder()
        .maximumWeight(b.maximumBytes)
        .executor(Runnable::run) // maintenance on the caller's thread: deterministic in tests
        .weigher((CacheKey k, Entry e) -> e.weight())
        .removalListener((CacheKey k, Entry e, RemovalCause cause) -> {
          if (cause.wasEvicted()) {
            evictions.increment();
          }
        })
        .expireAfter(new Expiry<CacheKey, Entry>() {
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
      caffeine.ticker(tickerOf(clock));
    }
    this.cache = caffeine.build();
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
  public Duration defaultTtl() {
    return defaultTtl;
  }

  @Override
  public Optional<QueryResult> get(CacheKey key) {
    Objects.requireNonNull(key, "key");
    Entry e = cache.getIfPresent(key);
    if (e == null || isStale(e)) {
      if (e != null) {
        cache.asMap().remove(key, e);
      }
      counters.miss();
      return Optional.empty();
    }
    counters.hit();
    return Optional.of(asHit(e.result()));
  }

  @Override
  public void put(CacheKey key, QueryResult result, Duration ttl, Set<String> tags) {
    store(key, result, ttl, snapshot(tags));
  }

  @Override
  public QueryResult getOrLoad(CacheKey key, Duration ttl, Set<String> tags,
      Supplier<QueryResult> loader) {
    Objects.requireNonNull(loader, "loader");
    Optional<QueryResult> hit = get(key);
    if (hit.isPresent()) {
      return hit.get();
    }
    return singleFlight.run(key, () -> {
      // A caller that waited behind another flight finds the stored value here.
      Entry e = cache.getIfPresent(key);
      if (e != null && !isStale(e)) {
        return asHit(e.result());
      }
      Snapshot before = snapshot(tags);
      long start = System.nanoTime();
      QueryResult loaded;
      try {
        loaded = loader.get();
      } catch (RuntimeException | Error t) {
        counters.loadFailed(System.nanoTime() - start);
        throw t;
      }
      counters.loaded(System.nanoTime() - start);
      store(key, loaded, ttl, before);
      return loaded;
    });
  }

  private record Snapshot(long global, Map<String, Long> tags) {}

  private Snapshot snapshot(Set<String> tags) {
    Map<String, Long> gens = new HashMap<>();
    for (String t : tags) {
      String tag = t.toLowerCase(Locale.ROOT);
      gens.put(tag, tagGenerations.computeIfAbsent(tag, x -> new AtomicLong()).get());
    }
    return new Snapshot(globalGeneration.get(), Map.copyOf(gens));
  }

  private void store(CacheKey key, QueryResult result, Duration ttl, Snapshot snapshot) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(result, "result");
    Duration effective = ttl == null ? defaultTtl : ttl;
    if (effective.isNegative() || effective.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, got " + effective);
    }
    long weight = ResultSizes.estimate(result);
    if (weight > maximumBytes) {
      return; // larger than the whole cache: storing it would only evict everything else
    }
    Entry e = new Entry(result.withStats(result.stats().toBuilder().fromCache(false).build()),
        effective, snapshot.global(), snapshot.tags(), (int) Math.min(Integer.MAX_VALUE, weight));
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

  private static QueryResult asHit(QueryResult r) {
    return r.withStats(r.stats().toBuilder().fromCache(true)
        .estimatedCostUsd(java.math.BigDecimal.ZERO).build());
  }

  @Override
  public void invalidate(CacheKey key) {
    cache.invalidate(Objects.requireNonNull(key, "key"));
  }

  @Override
  public void invalidateTag(String tag) {
    Objects.requireNonNull(tag, "tag");
    tagGenerations.computeIfAbsent(tag.toLowerCase(Locale.ROOT), x -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void invalidateAll() {
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
    return cache.policy().eviction().flatMap(ev -> {
      java.util.OptionalLong w = ev.weightedSize();
      return w.isPresent() ? Optional.of(w.getAsLong()) : Optional.empty();
    }).orElse(0L);
  }

  @Override
  public CacheStats stats() {
    return counters.snapshot(evictions.sum(), 0);
  }

  @Override
  public String toString() {
    return "InMemoryQueryCache{maximumBytes=" + maximumBytes + ", defaultTtl=" + defaultTtl + "}";
  }

  /** Builds an {@link InMemoryQueryCache}; not thread-safe. Each setting may be given once. */
  public static final class Builder {
    private Duration defaultTtl = Duration.ofMinutes(5);
    private long maximumBytes = 256L * 1024 * 1024;
    private Clock clock;
    private boolean ttlSet;
    private boolean bytesSet;

    private Builder() {}

    /** Sets the TTL of entries stored without one (default 5 minutes). */
    public Builder defaultTtl(Duration ttl) {
      if (ttlSet) {
        throw new IllegalStateException("defaultTtl was already set to " + defaultTtl);
      }
      this.defaultTtl = Checks.positive(ttl, "defaultTtl");
      this.ttlSet = true;
      return this;
    }

    /** Sets the bound on the estimated heap bytes of all entries (default 256 MiB). */
    public Builder maximumBytes(long bytes) {
      if (bytesSet) {
        throw new IllegalStateException("maximumBytes was already set to " + maximumBytes);
      }
      if (bytes <= 0) {
        throw new IllegalArgumentException("maximumBytes must be positive, got " + bytes);
      }
      this.maximumBytes = bytes;
      this.bytesSet = true;
      return this;
    }

    /** Sets the clock that decides expiry (for tests); the system ticker by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the cache. */
    public InMemoryQueryCache build() {
      return new InMemoryQueryCache(this);
    }
  }
}
