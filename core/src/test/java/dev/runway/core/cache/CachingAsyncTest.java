package dev.runway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.TestClock;
import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The caching client's async path and its tags, on embedded DuckDB and the in-process cache, and a
 * cache that fails: a hit at once, a miss stored before the future completes, failures never
 * stored, a broken cache answered by the database.
 */
class CachingAsyncTest {

  private final TestClock clock = new TestClock();
  private final InMemoryQueryCache cache = InMemoryQueryCache.builder().clock(clock).build();
  private final AtomicInteger asyncCalls = new AtomicInteger();
  private final JdbcDatabaseClient db = JdbcDatabaseClient.embedded();
  private final ForwardingDatabaseClient counting =
      new ForwardingDatabaseClient(db) {
        @Override
        public CompletableFuture<QueryResult> executeAsync(Query query) {
          asyncCalls.incrementAndGet();
          return super.executeAsync(query);
        }
      };

  @Test
  void async_missIsStoredBeforeTheFutureCompletes_thenHits() throws Exception {
    CachingDatabaseClient c = CachingDatabaseClient.wrap(counting, cache, Duration.ofMinutes(1));
    Query q = Query.builder("SELECT 42 AS n").tags("Stock").build();
    QueryResult first = c.executeAsync(q).get(10, TimeUnit.SECONDS);
    assertThat(first.stats().fromCache()).isFalse();
    CompletableFuture<QueryResult> second = c.executeAsync(q);
    assertThat(second).isDone();
    assertThat(second.get().stats().fromCache()).isTrue();
    assertThat(asyncCalls).hasValue(1);
    // the query's own tag is one of the entry's tags
    cache.invalidateTag("stock");
    assertThat(c.executeAsync(q).get(10, TimeUnit.SECONDS).stats().fromCache()).isFalse();
    assertThat(asyncCalls).hasValue(2);
    // not cacheable: straight to the database
    c.executeAsync(q.toBuilder().cacheable(false).build()).get(10, TimeUnit.SECONDS);
    c.executeAsync(q.toBuilder().cacheable(false).build()).get(10, TimeUnit.SECONDS);
    assertThat(asyncCalls).hasValue(4);
    // the entry's TTL is the query's own when it has one
    Query shortLived = Query.builder("SELECT 7 AS n").cacheTtl(Duration.ofSeconds(5)).build();
    c.executeAsync(shortLived).get(10, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(5));
    assertThat(c.executeAsync(shortLived).get(10, TimeUnit.SECONDS).stats().fromCache()).isFalse();
    assertThat(c.toString()).contains("cache=caffeine");
  }

  @Test
  void async_failure_reachesTheCaller_unwrapped_andIsNotStored() {
    CachingDatabaseClient c = CachingDatabaseClient.wrap(counting, cache, Duration.ofMinutes(1));
    Query bad = Query.of("SELECT * FROM no_such_table");
    assertThatThrownBy(() -> c.executeAsync(bad).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(dev.runway.core.query.QueryFailedException.class);
    assertThatThrownBy(() -> c.executeAsync(bad).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(dev.runway.core.query.QueryFailedException.class);
    assertThat(cache.size()).isZero();
  }

  /**
   * A cache whose reads or writes throw, as a remote cache that is down would inside a decorator.
   */
  static final class Broken extends ForwardingQueryCache {
    volatile boolean reads = true;
    volatile boolean writes = true;

    Broken(QueryCache delegate) {
      super(delegate);
    }

    @Override
    public Optional<QueryResult> get(CacheKey key) {
      if (reads) {
        throw new IllegalStateException("cache read down");
      }
      return super.get(key);
    }

    @Override
    public void put(CacheKey key, QueryResult result, Duration ttl, Set<String> tags) {
      if (writes) {
        throw new IllegalStateException("cache write down");
      }
      super.put(key, result, ttl, tags);
    }

    @Override
    public QueryResult getOrLoad(
        CacheKey key, Duration ttl, Set<String> tags, Supplier<QueryResult> loader) {
      if (reads) {
        throw new IllegalStateException("cache down");
      }
      return super.getOrLoad(key, ttl, tags, loader);
    }
  }

  @Test
  void brokenCache_isAMiss_answeredByTheDatabase_andCounted() throws Exception {
    Broken broken = new Broken(cache);
    CachingDatabaseClient c = CachingDatabaseClient.wrap(counting, broken, Duration.ofMinutes(1));
    Query q = Query.of("SELECT 1 AS n");
    assertThat(c.execute(q).rows()).hasSize(1);
    assertThat(c.executeAsync(q).get(10, TimeUnit.SECONDS).rows()).hasSize(1);
    assertThat(asyncCalls).hasValue(1);
    assertThat(c.cacheErrors()).isEqualTo(2);
    // reads work, writes do not: the answer still arrives, nothing is stored
    broken.reads = false;
    assertThat(c.executeAsync(q).get(10, TimeUnit.SECONDS).stats().fromCache()).isFalse();
    assertThat(c.cacheErrors()).isEqualTo(3);
    assertThat(cache.size()).isZero();
    broken.writes = false;
    c.executeAsync(q).get(10, TimeUnit.SECONDS);
    assertThat(c.executeAsync(q).get(10, TimeUnit.SECONDS).stats().fromCache()).isTrue();
    assertThat(c.cache()).isSameAs(broken);
    // a database failure is the caller's, not a cache failure
    long errors = c.cacheErrors();
    assertThatThrownBy(() -> c.execute(Query.of("SELECT * FROM missing_table")))
        .isInstanceOf(dev.runway.core.query.QueryFailedException.class);
    assertThat(c.cacheErrors()).isEqualTo(errors);
    assertThatThrownBy(() -> CachingDatabaseClient.wrap(counting, cache, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inMemoryCache_expiryAtTheTtl_sizeAndEviction() {
    CacheKey k = CacheKey.of(Query.of("SELECT 1"));
    QueryResult r = db.execute(Query.of("SELECT 1 AS n"));
    cache.put(k, r, Duration.ofSeconds(10), Set.of());
    clock.advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(cache.get(k)).as("reading does not extend it").isPresent();
    clock.advance(Duration.ofNanos(1));
    assertThat(cache.get(k)).isEmpty();
    cache.put(k, r, null, Set.of());
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.weightedSize()).isEqualTo(dev.runway.core.local.ResultSizes.estimate(r));
    cache.invalidate(k);
    assertThat(cache.size()).isZero();
    // an entry larger than the whole cache is not stored; smaller ones evict each other
    InMemoryQueryCache tiny =
        InMemoryQueryCache.builder()
            .clock(clock)
            .maximumBytes(dev.runway.core.local.ResultSizes.estimate(r) + 10)
            .build();
    QueryResult big = db.execute(Query.of("SELECT * FROM range(100)"));
    tiny.put(k, big, null, Set.of());
    assertThat(tiny.size()).isZero();
    tiny.put(CacheKey.of(Query.of("SELECT 2")), r, null, Set.of());
    tiny.put(CacheKey.of(Query.of("SELECT 3")), r, null, Set.of());
    assertThat(tiny.size()).isEqualTo(1);
    assertThat(tiny.stats().evictions()).isEqualTo(1);
    assertThat(tiny.toString()).startsWith("InMemoryQueryCache{maximumBytes=");
    tiny.invalidateAll();
    assertThat(tiny.size()).isZero();
    assertThat(cache.defaultTtl()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void noCache_neverStores_andCountsMisses() {
    QueryCache none = QueryCache.none();
    CacheKey k = CacheKey.of(Query.of("SELECT 1"));
    QueryResult r = db.execute(Query.of("SELECT 1 AS n"));
    none.put(k, r, null, Set.of());
    assertThat(none.get(k)).isEmpty();
    AtomicInteger loads = new AtomicInteger();
    none.getOrLoad(
        k,
        null,
        Set.of(),
        () -> {
          loads.incrementAndGet();
          return r;
        });
    none.getOrLoad(
        k,
        null,
        Set.of(),
        () -> {
          loads.incrementAndGet();
          return r;
        });
    assertThat(loads).hasValue(2);
    assertThat(none.stats().misses()).isEqualTo(3);
    assertThat(none.stats().hits()).isZero();
    none.invalidate(k);
    none.invalidateTag("t");
    none.invalidateAll();
    assertThat(none.name()).isEqualTo("none");
  }

  @Test
  void inMemoryCache_staleLoads_updatedTtls_exactBounds() {
    CacheKey k = CacheKey.of(Query.of("SELECT 1"));
    QueryResult r = db.execute(Query.of("SELECT 1 AS n"));
    // invalidated while loading, by tag or all: not stored
    cache.getOrLoad(
        k,
        null,
        Set.of("stock"),
        () -> {
          cache.invalidateAll();
          return r;
        });
    assertThat(cache.size()).isZero();
    cache.getOrLoad(
        k,
        null,
        Set.of("stock"),
        () -> {
          cache.invalidateTag("STOCK");
          return r;
        });
    assertThat(cache.size()).isZero();
    cache.getOrLoad(k, null, Set.of("stock"), () -> r);
    assertThat(cache.size()).isEqualTo(1);
    // a second put with a shorter TTL: the new TTL counts
    clock.advance(Duration.ofMillis(500)); // mid-second, so the clock's nanoseconds matter too
    cache.put(k, r, Duration.ofSeconds(10), Set.of());
    cache.put(k, r, Duration.ofSeconds(1), Set.of());
    clock.advance(Duration.ofSeconds(1).minusNanos(1));
    assertThat(cache.get(k)).isPresent();
    clock.advance(Duration.ofNanos(1));
    // size() cleans up first: the expired entry is not counted even though nothing read it
    assertThat(cache.size()).isZero();
    // an entry exactly as large as the bound is kept
    long weight = dev.runway.core.local.ResultSizes.estimate(r);
    InMemoryQueryCache exact =
        InMemoryQueryCache.builder().clock(clock).maximumBytes(weight).build();
    exact.put(k, r, null, Set.of());
    assertThat(exact.size()).isEqualTo(1);
    assertThatThrownBy(() -> InMemoryQueryCache.builder().maximumBytes(0))
        .hasMessage("maximumBytes must be positive, got 0");
    InMemoryQueryCache.builder().maximumBytes(1);
  }
}
