package dev.runway.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.runway.core.cache.CachingDatabaseClient;
import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A cache hit through {@link CachingDatabaseClient} (look up the parsed SQL, build the key from the
 * scope, normalised SQL and parameters, look up Caffeine, check the entry's deadline and tag
 * generations) against a raw Caffeine {@code getIfPresent} with a precomputed String key, which is
 * the floor: what any cache costs when the caller already holds the key.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheHitBenchmark {

  private DatabaseClient db;
  private CachingDatabaseClient runway;
  private Cache<String, QueryResult> caffeine;
  private Query query;
  private String rawKey;

  @Setup(Level.Trial)
  public void setUp() {
    db = JdbcDatabaseClient.embedded();
    db.execute(
        "CREATE TABLE product AS SELECT range AS product_id, 'Pumps' AS category, range * 1.5 AS price "
            + "FROM range(100)");
    query = query();
    runway =
        CachingDatabaseClient.wrap(db, InMemoryQueryCache.builder().build(), Duration.ofHours(1));
    QueryResult r = runway.execute(query);
    caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
    rawKey = query.sql() + "|" + query.params() + "|Warehouse Manager";
    caffeine.put(rawKey, r);
    if (!runway.execute(query).stats().fromCache()) {
      throw new IllegalStateException("the Runway path must be a cache hit");
    }
  }

  /** The persona query every cache-hit benchmark looks up. */
  static Query query() {
    return Query.builder(
            "SELECT product_id, price FROM product WHERE category = :category AND price > :min "
                + "ORDER BY product_id LIMIT 10")
        .param("category", "Pumps")
        .param("min", 10)
        .cacheScope("Warehouse Manager")
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    runway.close();
  }

  @Benchmark
  public QueryResult runway() {
    return runway.execute(query);
  }

  @Benchmark
  public QueryResult raw() {
    return caffeine.getIfPresent(rawKey);
  }
}
