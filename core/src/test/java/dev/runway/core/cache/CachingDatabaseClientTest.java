package dev.runway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;
import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.RowStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CachingDatabaseClientTest {

  /** Counts the queries that reach DuckDB. */
  private static final class CountingClient implements DatabaseClient {
    final DatabaseClient real = JdbcDatabaseClient.embedded();
    final AtomicInteger executions = new AtomicInteger();
    volatile long slowMillis;

    @Override
    public String engine() {
      return real.engine();
    }

    @Override
    public QueryResult execute(Query query) {
      executions.incrementAndGet();
      if (slowMillis > 0) {
        try {
          Thread.sleep(
              slowMillis); // a slow engine keeps the first flight open while the others arrive
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return real.execute(query);
    }

    @Override
    public RowStream stream(Query query) {
      return real.stream(query);
    }

    @Override
    public CompletableFuture<QueryResult> executeAsync(Query query) {
      executions.incrementAndGet();
      return real.executeAsync(query);
    }

    @Override
    public boolean cancel(String queryId) {
      return real.cancel(queryId);
    }

    @Override
    public void close() {
      real.close();
    }
  }

  private CountingClient db;
  private InMemoryQueryCache cache;
  private CachingDatabaseClient client;

  @BeforeEach
  void setUp() {
    db = new CountingClient();
    db.real.execute("CREATE TABLE product (id INTEGER, name VARCHAR)");
    db.real.execute("INSERT INTO product VALUES (1, 'Pump'), (2, 'Valve')");
    cache = InMemoryQueryCache.builder().build();
    client = CachingDatabaseClient.wrap(db, cache, Duration.ofMinutes(5));
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  @Test
  void execute_repeated_secondIsHit() {
    Query q = Query.builder("SELECT name FROM product WHERE id = :id").param("id", 1).build();
    QueryResult first = client.execute(q);
    QueryResult second = client.execute(q);
    assertThat(first.stats().fromCache()).isFalse();
    assertThat(second.stats().fromCache()).isTrue();
    assertThat(second).isEqualTo(first);
    assertThat(db.executions.get()).isEqualTo(1);
  }

  @Test
  @Timeout(60)
  void execute_32ThreadsSameUncachedQuery_runOnce() throws Exception {
    db.slowMillis = 1_000;
    Query q = Query.of("SELECT count(*) AS n FROM range(60000000) WHERE range % 7 = 0");
    int threads = 32;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<QueryResult>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return client.execute(q);
                }));
      }
      for (Future<QueryResult> f : futures) {
        assertThat(f.get(50, TimeUnit.SECONDS).row(0).getLong("n")).isEqualTo(8571429L);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(db.executions.get()).isEqualTo(1);
  }

  @Test
  void invalidateTag_tableName_dropsResultsThatReadIt() {
    Query q = Query.of("SELECT count(*) AS n FROM product");
    assertThat(client.execute(q).row(0).getLong("n")).isEqualTo(2L);
    db.real.execute("INSERT INTO product VALUES (3, 'Filter')");
    assertThat(client.execute(q).row(0).getLong("n")).as("stale until invalidated").isEqualTo(2L);
    cache.invalidateTag("product");
    assertThat(client.execute(q).row(0).getLong("n")).isEqualTo(3L);
  }

  @Test
  void execute_cacheScopeDiffers_separateEntries() {
    Query base = Query.of("SELECT name FROM product ORDER BY id");
    client.execute(base.toBuilder().cacheScope("Warehouse Manager").build());
    client.execute(base.toBuilder().cacheScope("Field Engineer").build());
    assertThat(db.executions.get()).isEqualTo(2);
  }

  @Test
  void execute_notCacheable_alwaysRunsQuery() {
    Query q = Query.builder("SELECT 1").cacheable(false).build();
    client.execute(q);
    client.execute(q);
    assertThat(db.executions.get()).isEqualTo(2);
  }

  @Test
  void execute_databaseError_reachesCallerUnchangedAndIsNotCached() {
    Query q = Query.of("SELECT * FROM no_such_table");
    assertThatThrownBy(() -> client.execute(q)).isInstanceOf(QueryFailedException.class);
    assertThatThrownBy(() -> client.execute(q)).isInstanceOf(QueryFailedException.class);
    assertThat(db.executions.get()).isEqualTo(2);
    assertThat(client.cacheErrors()).isZero();
  }

  @Test
  void execute_cacheThrows_degradesToDatabase() {
    QueryCache broken =
        new QueryCache() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public Optional<QueryResult> get(CacheKey key) {
            throw new RunwayServiceException(
                "connection refused", "redis", ErrorCategory.UNAVAILABLE, null, null);
          }

          @Override
          public void put(CacheKey key, QueryResult result, Duration ttl, Set<String> tags) {
            throw new RunwayServiceException(
                "connection refused", "redis", ErrorCategory.UNAVAILABLE, null, null);
          }

          @Override
          public QueryResult getOrLoad(
              CacheKey key, Duration ttl, Set<String> tags, Supplier<QueryResult> loader) {
            throw new RunwayServiceException(
                "connection refused", "redis", ErrorCategory.UNAVAILABLE, null, null);
          }

          @Override
          public void invalidate(CacheKey key) {}

          @Override
          public void invalidateTag(String tag) {}

          @Override
          public void invalidateAll() {}

          @Override
          public CacheStats stats() {
            return new CacheStats(0, 0, 0, 0, Duration.ZERO, 0, 0, 0);
          }
        };
    CachingDatabaseClient c = CachingDatabaseClient.wrap(db, broken, Duration.ofMinutes(1));
    for (int i = 0; i < 3; i++) {
      assertThat(c.execute(Query.of("SELECT count(*) FROM product")).row(0).getLong(0))
          .isEqualTo(2L);
    }
    assertThat(c.cacheErrors()).isEqualTo(3);
    assertThat(db.executions.get()).isEqualTo(3);
  }

  @Test
  void executeAsync_missThenHit() throws Exception {
    Query q = Query.of("SELECT name FROM product WHERE id = 2");
    assertThat(client.executeAsync(q).get(30, TimeUnit.SECONDS).row(0).getString(0))
        .isEqualTo("Valve");
    QueryResult hit = client.executeAsync(q).get(30, TimeUnit.SECONDS);
    assertThat(hit.stats().fromCache()).isTrue();
    assertThat(db.executions.get()).isEqualTo(1);
  }
}
