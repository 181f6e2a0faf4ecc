package dev.runway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnIndex;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.Row;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The template every cache shares, on a store in a map that the test can make fail call by call:
 * hits marked as from cache, TTL defaults and refusals, the counters, single-flight loading, and
 * the outage rules (a failed read is a miss; a failed invalidation is kept pending, every read is a
 * miss and nothing is written until it reaches the store; each outage logged once).
 */
class AbstractQueryCacheTest {

  private static final ColumnIndex INDEX =
      new ColumnIndex(List.of(Column.of("n", ColumnType.INTEGER)));
  private static final CacheKey K1 = CacheKey.ofValue("a".repeat(64));
  private static final CacheKey K2 = CacheKey.ofValue("b".repeat(64));

  static QueryResult result(int n) {
    return new QueryResult(
        INDEX,
        List.of(new Row(INDEX, new Object[] {n})),
        QueryStats.builder("duckdb")
            .executionTime(Duration.ofMillis(5))
            .estimatedCostUsd(new BigDecimal("0.25"))
            .build());
  }

  /** Log lines, as "LEVEL message". */
  static final class Lines extends LegacyAbstractLogger {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String msg, Object[] args, Throwable t) {
      lines.add(level + " " + MessageFormatter.basicArrayFormat(msg, args));
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }

  /** Entries in a map; generations per tag and for all, as a remote store keeps them. */
  static final class MapCache extends AbstractQueryCache {
    record Entry(QueryResult result, Duration ttl, Set<String> tags, long loadNanos) {}

    final Map<CacheKey, Entry> entries = new ConcurrentHashMap<>();
    final Map<String, Long> generations = new ConcurrentHashMap<>();
    final AtomicLong all = new AtomicLong();
    volatile boolean failReads;
    volatile boolean failSnapshots;
    volatile boolean failWrites;
    volatile boolean failInvalidations;

    /**
     * The number of the read that fails, and of the read that misses although the entry is there.
     */
    volatile int failRead = -1;

    volatile int missRead = -1;
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger invalidations = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    MapCache(Lines log, AtomicLong clock) {
      super(log, "the map cache", clock::get);
    }

    @Override
    public String name() {
      return "map";
    }

    @Override
    public Duration defaultTtl() {
      return Duration.ofMinutes(5);
    }

    @Override
    protected void beginCall() {
      calls.incrementAndGet();
    }

    @Override
    protected Optional<QueryResult> read(CacheKey key, boolean forLoad) {
      int n = reads.incrementAndGet();
      if (n == missRead) {
        return Optional.empty();
      }
      if (failReads || n == failRead) {
        throw new IllegalStateException("read refused");
      }
      return Optional.ofNullable(entries.get(key)).map(Entry::result);
    }

    @Override
    protected Object snapshot(Set<String> tags) {
      if (failSnapshots) {
        throw new IllegalStateException("snapshot refused");
      }
      Map<String, Long> s = new HashMap<>();
      for (String t : tags) {
        s.put(t, generations.getOrDefault(t, 0L));
      }
      s.put("*", all.get());
      return s;
    }

    @Override
    protected void write(
        CacheKey key,
        QueryResult result,
        Duration ttl,
        Set<String> tags,
        Object snapshot,
        long loadNanos) {
      writes.incrementAndGet();
      if (failWrites) {
        throw new IllegalStateException("write refused");
      }
      if (!snapshot.equals(snapshot(tags))) {
        return; // invalidated while loading
      }
      entries.put(key, new Entry(result, ttl, tags, loadNanos));
    }

    @Override
    protected void applyInvalidate(CacheKey key) {
      invalidations.incrementAndGet();
      if (failInvalidations) {
        throw new IllegalStateException("invalidation refused");
      }
      entries.remove(key);
    }

    @Override
    protected void applyInvalidateTag(String tag) {
      invalidations.incrementAndGet();
      if (failInvalidations) {
        throw new IllegalStateException("invalidation refused");
      }
      generations.merge(tag, 1L, Long::sum);
      entries.values().removeIf(e -> e.tags().contains(tag));
    }

    @Override
    protected void applyInvalidateAll() {
      invalidations.incrementAndGet();
      if (failInvalidations) {
        throw new IllegalStateException("invalidation refused");
      }
      all.incrementAndGet();
      entries.clear();
    }

    @Override
    public void close() {}

    boolean writesFailingNow() {
      return writesFailing();
    }

    boolean readsFailingNow() {
      return readsFailing();
    }
  }

  private final Lines log = new Lines();
  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private final MapCache cache = new MapCache(log, clock);

  @Test
  void hit_isMarkedAsFromCache_atNoCost_andStoredUnmarked() {
    QueryResult hitBefore = AbstractQueryCache.markHit(result(1));
    cache.put(K1, hitBefore, null, Set.of());
    MapCache.Entry e = cache.entries.get(K1);
    assertThat(e.result().stats().fromCache()).isFalse();
    assertThat(e.ttl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(e.loadNanos()).isZero();
    QueryResult hit = cache.get(K1).orElseThrow();
    assertThat(hit.stats().fromCache()).isTrue();
    assertThat(hit.stats().estimatedCostUsd()).isEqualByComparingTo("0");
    assertThat(hit.stats().executionTime()).isZero();
    assertThat(hit).isEqualTo(result(1));
    // a result already marked is returned as it is
    assertThat(AbstractQueryCache.markHit(hit)).isSameAs(hit);
    assertThat(AbstractQueryCache.markHit(result(1))).isNotSameAs(result(1));
    QueryResult costly =
        hit.withStats(hit.stats().toBuilder().estimatedCostUsd(BigDecimal.ONE).build());
    assertThat(AbstractQueryCache.markHit(costly).stats().estimatedCostUsd())
        .isEqualByComparingTo("0");
    QueryResult slow =
        hit.withStats(hit.stats().toBuilder().executionTime(Duration.ofMillis(1)).build());
    assertThat(AbstractQueryCache.markHit(slow).stats().executionTime()).isZero();
    assertThat(cache.get(K2)).isEmpty();
    CacheStats s = cache.stats();
    assertThat(s.hits()).isEqualTo(1);
    assertThat(s.misses()).isEqualTo(1);
    assertThat(s.puts()).isEqualTo(1);
    assertThat(s.hitRate()).isEqualTo(0.5);
    assertThat(cache.calls).hasValue(3);
  }

  @Test
  void ttl_isDefaulted_andMustBePositive() {
    cache.put(K1, result(1), Duration.ofSeconds(9), Set.of("t"));
    assertThat(cache.entries.get(K1).ttl()).isEqualTo(Duration.ofSeconds(9));
    assertThat(cache.entries.get(K1).tags()).containsExactly("t");
    assertThatThrownBy(() -> cache.put(K2, result(1), Duration.ZERO, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive, got PT0S");
    assertThatThrownBy(() -> cache.getOrLoad(K2, Duration.ofSeconds(-1), Set.of(), () -> result(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive, got PT-1S");
    cache.getOrLoad(K2, null, Set.of(), () -> result(2));
    assertThat(cache.entries.get(K2).ttl()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void getOrLoad_loadsOnce_timesTheLoad_andCountsIt() {
    QueryResult loaded =
        cache.getOrLoad(
            K1,
            Duration.ofMinutes(1),
            Set.of(),
            () -> {
              clock.addAndGet(7_000_000);
              return result(1);
            });
    assertThat(loaded.stats().fromCache()).isFalse();
    assertThat(cache.entries.get(K1).loadNanos()).isEqualTo(7_000_000);
    QueryResult again =
        cache.getOrLoad(
            K1,
            Duration.ofMinutes(1),
            Set.of(),
            () -> {
              throw new AssertionError("loaded twice");
            });
    assertThat(again.stats().fromCache()).isTrue();
    CacheStats s = cache.stats();
    assertThat(s.loads()).isEqualTo(1);
    assertThat(s.hits()).isEqualTo(1);
    assertThat(s.misses()).isEqualTo(1);
    assertThat(s.totalLoadTime()).isEqualTo(Duration.ofMillis(7));
    assertThat(s.averageLoadTime()).isEqualTo(Duration.ofMillis(7));
    assertThat(new CacheStats(0, 0, 0, 0, Duration.ZERO, 0, 0, 0).averageLoadTime()).isZero();
    assertThat(new CacheStats(0, 0, 0, 0, Duration.ZERO, 0, 0, 0).hitRate()).isZero();
    assertThat(new CacheStats(3, 1, 1, 1, Duration.ofMillis(10), 0, 0, 0).averageLoadTime())
        .isEqualTo(Duration.ofMillis(5));
    assertThat(new CacheStats(3, 1, 0, 0, Duration.ZERO, 0, 0, 0).hitRate()).isEqualTo(0.75);
  }

  @Test
  void failingLoader_reachesTheCaller_isCounted_andStoresNothing() {
    IllegalStateException boom = new IllegalStateException("engine down");
    assertThatThrownBy(
            () ->
                cache.getOrLoad(
                    K1,
                    null,
                    Set.of(),
                    () -> {
                      clock.addAndGet(3_000_000);
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThatThrownBy(() -> cache.getOrLoad(K1, null, Set.of(), () -> null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("the loader returned null");
    assertThat(cache.entries).isEmpty();
    assertThat(cache.stats().loadFailures()).isEqualTo(2);
    assertThat(cache.stats().loads()).isZero();
    assertThat(cache.stats().totalLoadTime()).isEqualTo(Duration.ofMillis(3));
  }

  @Test
  void invalidationDuringTheLoad_rejectsTheEntry() {
    QueryResult loaded =
        cache.getOrLoad(
            K1,
            null,
            Set.of("stock"),
            () -> {
              cache.invalidateTag("STOCK");
              return result(1);
            });
    assertThat(loaded).isEqualTo(result(1));
    assertThat(cache.entries).isEmpty();
    assertThat(cache.generations).containsEntry("stock", 1L);
    cache.getOrLoad(
        K1,
        null,
        Set.of("stock"),
        () -> {
          cache.invalidateAll();
          return result(1);
        });
    assertThat(cache.entries).isEmpty();
    cache.getOrLoad(K1, null, Set.of("stock"), () -> result(1));
    assertThat(cache.entries).containsKey(K1);
  }

  @Test
  void invalidations_reachTheStore() {
    cache.put(K1, result(1), null, Set.of("a"));
    cache.put(K2, result(2), null, Set.of("b"));
    cache.invalidate(K1);
    assertThat(cache.entries).containsOnlyKeys(K2);
    cache.invalidateTag("B");
    assertThat(cache.entries).isEmpty();
    cache.put(K1, result(1), null, Set.of());
    cache.invalidateAll();
    assertThat(cache.entries).isEmpty();
    assertThat(cache.invalidations).hasValue(3);
    assertThat(cache.pendingInvalidations()).isZero();
  }

  @Test
  void failedRead_isAMiss_thatLoadsWithoutTouchingTheStoreAgain_andIsLoggedOnce() {
    cache.put(K1, result(1), null, Set.of());
    cache.failReads = true;
    assertThat(cache.get(K1)).isEmpty();
    int readsBefore = cache.reads.get();
    int writesBefore = cache.writes.get();
    QueryResult loaded = cache.getOrLoad(K1, null, Set.of(), () -> result(9));
    assertThat(loaded).isEqualTo(result(9));
    assertThat(loaded.stats().fromCache()).isFalse();
    assertThat(cache.reads.get()).isEqualTo(readsBefore + 1);
    assertThat(cache.writes.get()).isEqualTo(writesBefore);
    assertThat(cache.readsFailingNow()).isTrue();
    assertThat(cache.stats().errors()).isEqualTo(2);
    assertThat(cache.stats().loads()).isEqualTo(1);
    assertThat(log.lines)
        .containsExactly("WARN the map cache failed (read): reads are skipped until it recovers");
    cache.failReads = false;
    assertThat(cache.get(K1)).isPresent();
    assertThat(cache.readsFailingNow()).isFalse();
    assertThat(log.lines).hasSize(2);
    assertThat(log.lines.get(1))
        .isEqualTo("INFO the map cache recovered: reads work again after 2 failed calls");
  }

  @Test
  void failedRecheck_isAMiss_andTheLoadStillStores() {
    MapCache flaky = new MapCache(log, clock);
    flaky.failRead = 2;
    assertThat(flaky.getOrLoad(K1, null, Set.of(), () -> result(3))).isEqualTo(result(3));
    assertThat(flaky.entries).containsKey(K1);
    assertThat(flaky.stats().errors()).isEqualTo(1);
  }

  @Test
  void failedSnapshot_loadsButStoresNothing() {
    cache.failSnapshots = true;
    assertThat(cache.getOrLoad(K1, null, Set.of(), () -> result(1))).isEqualTo(result(1));
    assertThat(cache.writes).hasValue(0);
    assertThat(cache.entries).isEmpty();
    assertThat(cache.readsFailingNow()).isTrue();
    cache.failSnapshots = false;
    cache.getOrLoad(K1, null, Set.of(), () -> result(1));
    assertThat(cache.readsFailingNow()).isFalse();
    assertThat(cache.entries).containsKey(K1);
  }

  @Test
  void failedWrite_isLoggedOnce_neverThrown_andRecovers() {
    cache.failWrites = true;
    cache.put(K1, result(1), null, Set.of());
    cache.getOrLoad(K2, null, Set.of(), () -> result(2));
    assertThat(cache.writesFailingNow()).isTrue();
    assertThat(cache.stats().puts()).isZero();
    assertThat(cache.stats().errors()).isEqualTo(2);
    assertThat(log.lines)
        .containsExactly("WARN the map cache failed (write): writes are skipped until it recovers");
    cache.failWrites = false;
    cache.put(K1, result(1), null, Set.of());
    assertThat(cache.writesFailingNow()).isFalse();
    assertThat(cache.stats().puts()).isEqualTo(1);
    assertThat(log.lines.get(1))
        .isEqualTo("INFO the map cache recovered: writes work again after 2 failed calls");
  }

  @Test
  void failedInvalidation_isKeptPending_readsMissAndNothingIsWritten_untilItIsApplied() {
    cache.put(K1, result(1), null, Set.of("stock"));
    cache.put(K2, result(2), null, Set.of());
    cache.failInvalidations = true;
    cache.invalidateTag("stock");
    assertThat(cache.pendingInvalidations()).isEqualTo(1);
    assertThat(cache.writesFailingNow()).isTrue();
    assertThat(log.lines)
        .containsExactly(
            "WARN the map cache failed (invalidate tag stock (kept pending:"
                + " reads are misses until it is applied)): writes are skipped until it recovers");
    // the stale entry is still in the store: never served
    assertThat(cache.get(K1)).isEmpty();
    assertThat(cache.get(K2)).isEmpty();
    int writes = cache.writes.get();
    cache.put(K2, result(22), null, Set.of());
    assertThat(cache.getOrLoad(K1, null, Set.of("stock"), () -> result(11))).isEqualTo(result(11));
    assertThat(cache.writes.get()).isEqualTo(writes);
    // the store is back, but the next attempt is a second away: still nothing read or written
    cache.failInvalidations = false;
    int reads = cache.reads.get();
    assertThat(cache.get(K2)).isEmpty();
    assertThat(cache.reads.get()).isEqualTo(reads);
    assertThat(cache.invalidations).hasValue(2); // the failed call and the first re-apply at once
    clock.addAndGet(999_999_999);
    assertThat(cache.get(K2)).isEmpty();
    assertThat(cache.pendingInvalidations()).isEqualTo(1);
    clock.addAndGet(1);
    assertThat(cache.get(K2)).isPresent();
    assertThat(cache.pendingInvalidations()).isZero();
    assertThat(cache.writesFailingNow()).isFalse();
    assertThat(cache.entries).doesNotContainKey(K1);
    cache.put(K1, result(1), null, Set.of("stock"));
    assertThat(cache.get(K1)).isPresent();
  }

  @Test
  void pendingInvalidations_areAppliedInTurn_andStopAtTheFirstFailure() {
    cache.put(K1, result(1), null, Set.of());
    cache.put(K2, result(2), null, Set.of());
    cache.failInvalidations = true;
    cache.invalidate(K1);
    cache.invalidateAll();
    assertThat(cache.pendingInvalidations()).isEqualTo(2);
    assertThat(cache.get(K2)).isEmpty(); // first re-apply: fails at the first
    int before = cache.invalidations.get();
    clock.addAndGet(1_000_000_000);
    assertThat(cache.get(K2)).isEmpty();
    assertThat(cache.invalidations.get()).isEqualTo(before + 1);
    cache.failInvalidations = false;
    clock.addAndGet(1_000_000_000);
    assertThat(cache.get(K2)).isEmpty(); // applied: the whole cache is gone
    assertThat(cache.pendingInvalidations()).isZero();
    assertThat(cache.entries).isEmpty();
  }

  @Test
  void concurrentMisses_loadOnce() throws Exception {
    int threads = 8;
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<QueryResult>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () ->
                    cache.getOrLoad(
                        K1,
                        null,
                        Set.of(),
                        () -> {
                          loads.incrementAndGet();
                          loading.countDown();
                          try {
                            release.await(10, TimeUnit.SECONDS);
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          return result(1);
                        })));
      }
      assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cache.stats().misses() < threads && System.nanoTime() < end) {
        Thread.sleep(2);
      }
      release.countDown();
      for (Future<QueryResult> f : results) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(result(1));
      }
      assertThat(loads).hasValue(1);
      assertThat(cache.stats().loads()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void recheck_findsWhatAnotherFlightStored_withoutLoading() {
    MapCache late = new MapCache(log, clock);
    // the first look misses: another instance stores the entry just after it
    late.missRead = 1;
    late.put(K1, result(5), null, Set.of());
    QueryResult r =
        late.getOrLoad(
            K1,
            null,
            Set.of(),
            () -> {
              throw new AssertionError("loaded although the entry was there on the second look");
            });
    assertThat(r.stats().fromCache()).isTrue();
    assertThat(late.calls).as("put and getOrLoad each begin a call").hasValue(2);
  }

  @Test
  void writesRecover_throughEveryPath_andEachFailedReapplyIsCounted() {
    cache.failWrites = true;
    cache.getOrLoad(K1, null, Set.of(), () -> result(1));
    assertThat(cache.writesFailingNow()).isTrue();
    cache.failWrites = false;
    cache.getOrLoad(K2, null, Set.of(), () -> result(2));
    assertThat(cache.writesFailingNow()).as("recovered by a load's write").isFalse();
    cache.failWrites = true;
    cache.put(K1, result(1), null, Set.of());
    assertThat(cache.writesFailingNow()).isTrue();
    cache.invalidate(K2);
    assertThat(cache.writesFailingNow()).as("recovered by an invalidation").isFalse();
    assertThat(log.lines).filteredOn(l -> l.startsWith("INFO")).hasSize(2);
    cache.failWrites = false;
    cache.failInvalidations = true;
    cache.invalidateAll();
    long errors = cache.stats().errors();
    clock.addAndGet(1_000_000_000);
    cache.get(K1);
    clock.addAndGet(1_000_000_000);
    cache.get(K1);
    assertThat(cache.stats().errors()).as("each failed re-apply").isEqualTo(errors + 2);
  }
}
