package dev.runway.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.runway.core.cache.CacheKey;
import dev.runway.core.query.Query;
import dev.runway.core.sql.ParsedSql;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The parts of a {@link CacheHitBenchmark} hit measured apart, to see where its time goes: the
 * parsed-SQL lookup, the key's construction, one clock read, and a Caffeine read with per-entry
 * expiry (as the in-process cache used before) on the common pool and on the caller's thread,
 * against a size-bounded Caffeine read without expiry (as it is used now, with the deadline in the
 * entry).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheHitPartsBenchmark {

  private Query query;
  private ParsedSql parsed;
  private CacheKey key;
  private Cache<CacheKey, Object> commonPool;
  private Cache<CacheKey, Object> callerThread;
  private Cache<CacheKey, Object> noExpiry;

  @Setup(Level.Trial)
  public void setUp() {
    query = CacheHitBenchmark.query();
    parsed = ParsedSql.parse(query.sql());
    key = CacheKey.of(parsed, query.params(), query.cacheScope().orElseThrow());
    commonPool = build(false, true);
    callerThread = build(true, true);
    noExpiry = build(false, false);
  }

  private Cache<CacheKey, Object> build(boolean caller, boolean expiry) {
    Caffeine<Object, Object> b =
        Caffeine.newBuilder().maximumWeight(1 << 28).weigher((k, v) -> 100);
    if (expiry) {
      b.expireAfter(
          new Expiry<Object, Object>() {
            @Override
            public long expireAfterCreate(Object k, Object v, long now) {
              return TimeUnit.HOURS.toNanos(1);
            }

            @Override
            public long expireAfterUpdate(Object k, Object v, long now, long current) {
              return TimeUnit.HOURS.toNanos(1);
            }

            @Override
            public long expireAfterRead(Object k, Object v, long now, long current) {
              return current;
            }
          });
    }
    if (caller) {
      b.executor(Runnable::run);
    }
    Cache<CacheKey, Object> c = b.build();
    c.put(key, "v");
    return c;
  }

  @Benchmark
  public ParsedSql parse() {
    return ParsedSql.parse(query.sql());
  }

  @Benchmark
  public CacheKey key() {
    return CacheKey.of(parsed, query.params(), query.cacheScope().orElse(""));
  }

  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }

  @Benchmark
  public Object expiryCommonPool() {
    return commonPool.getIfPresent(key);
  }

  @Benchmark
  public Object expiryCallerThread() {
    return callerThread.getIfPresent(key);
  }

  @Benchmark
  public Object sizeOnlyCommonPool() {
    return noExpiry.getIfPresent(key);
  }
}
