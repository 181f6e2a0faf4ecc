package dev.runway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.CacheStats;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.health.Health;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link QueryCache} must show. Extend it and create the cache under test in
 * {@link #createCache(MutableClock)}. A cache that cannot follow an injected clock (a remote one
 * whose server keeps time) returns false from {@link #followsClock()}; the TTL tests then wait for
 * real, with short TTLs.
 */
public abstract class QueryCacheContract {

  private QueryCache cache;
  private MutableClock clock;

  /** Creates an empty cache under test that takes time from {@code clock} if it can. */
  protected abstract QueryCache createCache(MutableClock clock);

  /** Returns whether the cache's expiry follows the injected clock. */
  protected boolean followsClock() {
    return true;
  }

  /** Returns the cache under test. */
  protected final QueryCache cache() {
    return cache;
  }

  @BeforeEach
  final void setUpCache() {
    clock = new MutableClock();
    cache = createCache(clock);
  }

  @AfterEach
  final void closeCache() {
    cache.close();
  }

  private void elapse(Duration d) throws InterruptedException {
    if (followsClock()) {
      clock.advance(d);
    } else {
      Thread.sleep(d.toMillis());
    }
  }

  private Duration ttl() {
    return followsClock() ? Duration.ofMinutes(5) : Duration.ofMillis(1_500);
  }

  private static CacheKey key(String sql) {
    return CacheKey.of(Query.of(sql));
  }

  @Test
  @DisplayName("a stored result comes back equal, marked as from cache")
  void put_thenGet_returnsEqualResultFromCache() {
    QueryResult r = SampleData.result(20);
    CacheKey k = key("SELECT 1");
    cache.put(k, r, ttl(), Set.of("product"));
    QueryResult hit = cache.get(k).orElseThrow();
    assertThat(hit).isEqualTo(r);
    assertThat(hit.rows()).isEqualTo(r.rows());
    assertThat(hit.columns()).isEqualTo(r.columns());
    assertThat(hit.stats().fromCache()).isTrue();
    assertThat(hit.stats().rows()).isEqualTo(20);
  }

  @Test
  @DisplayName("an absent key is a miss, counted in stats")
  void get_absentKey_isMiss() {
    assertThat(cache.get(key("SELECT 'absent'"))).isEmpty();
    assertThat(cache.stats().misses()).isGreaterThanOrEqualTo(1);
  }

  @Test
  @DisplayName("an entry expires after its TTL and not before")
  void put_ttlPassed_entryExpires() throws Exception {
    CacheKey k = key("SELECT 'ttl'");
    Duration ttl = ttl();
    cache.put(k, SampleData.result(1), ttl, Set.of());
    elapse(ttl.dividedBy(3));
    assertThat(cache.get(k)).as("before the TTL").isPresent();
    elapse(ttl);
    assertThat(cache.get(k)).as("after the TTL").isEmpty();
  }

  @Test
  @DisplayName("an entry stored by getOrLoad expires after the TTL given to getOrLoad")
  void getOrLoad_ttlPassed_loadsAgain() throws Exception {
    CacheKey k = key("SELECT 'ttl via getOrLoad'");
    Duration ttl = ttl();
    AtomicInteger loads = new AtomicInteger();
    cache.getOrLoad(
        k,
        ttl,
        Set.of(),
        () -> {
          loads.incrementAndGet();
          return SampleData.result(1);
        });
    elapse(ttl.dividedBy(3));
    cache.getOrLoad(
        k,
        ttl,
        Set.of(),
        () -> {
          loads.incrementAndGet();
          return SampleData.result(1);
        });
    assertThat(loads.get()).as("before the TTL: a hit").isEqualTo(1);
    elapse(ttl);
    QueryResult again =
        cache.getOrLoad(
            k,
            ttl,
            Set.of(),
            () -> {
              loads.incrementAndGet();
              return SampleData.result(2);
            });
    assertThat(loads.get()).as("after the TTL: loaded again").isEqualTo(2);
    assertThat(again.size()).isEqualTo(2);
  }

  @Test
  @DisplayName("invalidate removes one key only")
  void invalidate_removesOneKey() {
    CacheKey a = key("SELECT 'a'");
    CacheKey b = key("SELECT 'b'");
    cache.put(a, SampleData.result(1), ttl(), Set.of());
    cache.put(b, SampleData.result(1), ttl(), Set.of());
    cache.invalidate(a);
    assertThat(cache.get(a)).isEmpty();
    assertThat(cache.get(b)).isPresent();
  }

  @Test
  @DisplayName("invalidateTag drops every entry with the tag and keeps the others")
  void invalidateTag_dropsTaggedEntriesOnly() {
    CacheKey p1 = key("SELECT * FROM product");
    CacheKey p2 = key("SELECT * FROM product JOIN warehouse_product USING (product_id)");
    CacheKey other = key("SELECT * FROM sales_order_header");
    cache.put(p1, SampleData.result(1), ttl(), Set.of("product"));
    cache.put(p2, SampleData.result(2), ttl(), Set.of("product", "warehouse_product"));
    cache.put(other, SampleData.result(3), ttl(), Set.of("sales_order_header"));
    cache.invalidateTag("product");
    assertThat(cache.get(p1)).isEmpty();
    assertThat(cache.get(p2)).isEmpty();
    assertThat(cache.get(other)).isPresent();
    cache.put(p1, SampleData.result(1), ttl(), Set.of("product"));
    assertThat(cache.get(p1)).as("entries stored after the invalidation are live").isPresent();
  }

  @Test
  @DisplayName("invalidateAll drops everything")
  void invalidateAll_dropsEverything() {
    CacheKey a = key("SELECT 'x'");
    cache.put(a, SampleData.result(1), ttl(), Set.of("t"));
    cache.invalidateAll();
    assertThat(cache.get(a)).isEmpty();
  }

  @Test
  @Timeout(60)
  @DisplayName("32 threads missing the same key run the loader once")
  void getOrLoad_concurrentMisses_loadOnce() throws Exception {
    CacheKey k = key("SELECT 'single flight'");
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    int threads = 32;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> workers = new CopyOnWriteArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread w = new Thread(r, "single-flight-" + workers.size());
              workers.add(w);
              return w;
            });
    try {
      List<Future<QueryResult>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return cache.getOrLoad(
                      k,
                      ttl(),
                      Set.of(),
                      () -> {
                        loads.incrementAndGet();
                        try {
                          release.await(); // hold the flight open until every thread has asked
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return SampleData.result(5);
                      });
                }));
      }
      // evidence, not a pause: the loader is running and every one of the 32 threads is parked
      // (31 waiting for the flight, 1 inside the loader), so the calls really overlapped
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!(loads.get() >= 1
          && workers.size() == threads
          && workers.stream()
              .allMatch(
                  w ->
                      w.getState() == Thread.State.WAITING
                          || w.getState() == Thread.State.TIMED_WAITING))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "the 32 calls never overlapped: loads="
                  + loads.get()
                  + ", states="
                  + workers.stream().map(Thread::getState).toList());
        }
        Thread.sleep(5);
      }
      release.countDown();
      for (Future<QueryResult> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(SampleData.result(5));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads.get()).isEqualTo(1);
    assertThat(cache.get(k)).isPresent();
  }

  @Test
  @DisplayName("a loader's exception reaches the caller unchanged and nothing is stored")
  void getOrLoad_loaderFails_propagatesAndStoresNothing() {
    CacheKey k = key("SELECT 'fails'");
    IllegalStateException boom = new IllegalStateException("database down");
    assertThatThrownBy(
            () ->
                cache.getOrLoad(
                    k,
                    ttl(),
                    Set.of(),
                    () -> {
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(cache.get(k)).isEmpty();
    QueryResult r = cache.getOrLoad(k, ttl(), Set.of(), () -> SampleData.result(2));
    assertThat(r.size()).isEqualTo(2);
  }

  @Test
  @DisplayName("a load that overlaps an invalidation of its tag is not served afterwards")
  void getOrLoad_invalidatedDuringLoad_isNotServed() {
    CacheKey k = key("SELECT * FROM product WHERE id = 1");
    cache.getOrLoad(
        k,
        ttl(),
        Set.of("product"),
        () -> {
          cache.invalidateTag("product"); // the table changes while the query runs
          return SampleData.result(1);
        });
    assertThat(cache.get(k)).isEmpty();
  }

  @Test
  @DisplayName("a second getOrLoad is a hit; stats count hits and loads")
  void getOrLoad_secondCall_isHit() {
    CacheKey k = key("SELECT 'hit'");
    AtomicInteger loads = new AtomicInteger();
    CacheStats before = cache.stats();
    cache.getOrLoad(
        k,
        ttl(),
        Set.of(),
        () -> {
          loads.incrementAndGet();
          return SampleData.result(3);
        });
    QueryResult second =
        cache.getOrLoad(
            k,
            ttl(),
            Set.of(),
            () -> {
              loads.incrementAndGet();
              return SampleData.result(3);
            });
    assertThat(loads.get()).isEqualTo(1);
    assertThat(second.stats().fromCache()).isTrue();
    CacheStats after = cache.stats();
    assertThat(after.hits() - before.hits()).as("hits").isEqualTo(1);
    assertThat(after.misses() - before.misses()).as("misses").isEqualTo(1);
    assertThat(after.loads() - before.loads()).as("loads").isEqualTo(1);
    assertThat(after.puts() - before.puts()).as("puts: the loaded result was stored").isEqualTo(1);
    assertThat(after.hitRate()).isGreaterThan(0.0);
  }

  @Test
  @DisplayName("health reports UP")
  void health_isUp() {
    assertThat(cache.health().status()).isEqualTo(Health.Status.UP);
  }
}
