package dev.runway.examples.extending;

import dev.runway.core.cache.AbstractQueryCache;
import dev.runway.core.cache.CacheKey;
import dev.runway.core.query.QueryResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * The README's walk-through of "Implementing an interface": a {@code QueryCache} on a {@link
 * ConcurrentHashMap}. {@link AbstractQueryCache} does single flight, the counters, marking hits and
 * turning store failures into misses; this class only reads and writes entries, and keeps
 * generation counters so that an invalidation that overlaps a load rejects its result.
 */
// spotless:off (a documentation snippet: formatted for reading, see DocsTest)
// tag::cache[]
public final class MapQueryCache extends AbstractQueryCache {

  private record Entry(QueryResult result, Instant expiresAt, long global, Map<String, Long> tags) {}

  private record Generations(long global, Map<String, Long> tags) {}

  private final ConcurrentHashMap<CacheKey, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicLong> tagGenerations = new ConcurrentHashMap<>();
  private final AtomicLong globalGeneration = new AtomicLong();
  private final Clock clock;
  private final Duration defaultTtl;

  /** Creates the cache with the clock that decides expiry. */
  public MapQueryCache(Clock clock, Duration defaultTtl) {
    super(LoggerFactory.getLogger(MapQueryCache.class), "the map query cache");
    this.clock = clock;
    this.defaultTtl = defaultTtl;
  }

  @Override
  public String name() {
    return "map";
  }

  @Override
  public Duration defaultTtl() {
    return defaultTtl;
  }

  @Override
  protected Optional<QueryResult> read(CacheKey key, boolean forLoad) {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(e.expiresAt()) || stale(e.global(), e.tags())) {
      entries.remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e.result());
  }

  @Override
  protected Object snapshot(Set<String> tags) {
    Map<String, Long> gens = new HashMap<>();
    for (String tag : tags) {
      String t = tag.toLowerCase(Locale.ROOT);
      gens.put(t, tagGenerations.computeIfAbsent(t, x -> new AtomicLong()).get());
    }
    return new Generations(globalGeneration.get(), gens);
  }

  @Override
  protected void write(CacheKey key, QueryResult result, Duration ttl, Set<String> tags, Object snapshot,
      long loadNanos) {
    Generations g = (Generations) snapshot;
    if (!stale(g.global(), g.tags())) {
      entries.put(key, new Entry(result, clock.instant().plus(ttl), g.global(), g.tags()));
    }
  }

  private boolean stale(long global, Map<String, Long> tags) {
    if (global != globalGeneration.get()) {
      return true;
    }
    for (Map.Entry<String, Long> t : tags.entrySet()) {
      AtomicLong now = tagGenerations.get(t.getKey());
      if (now != null && now.get() != t.getValue()) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected void applyInvalidate(CacheKey key) {
    entries.remove(key);
  }

  @Override
  protected void applyInvalidateTag(String tag) {
    tagGenerations.computeIfAbsent(tag.toLowerCase(Locale.ROOT), x -> new AtomicLong()).incrementAndGet();
  }

  @Override
  protected void applyInvalidateAll() {
    globalGeneration.incrementAndGet();
    entries.clear();
  }
}
// end::cache[]
// spotless:on
