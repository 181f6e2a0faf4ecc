package dev.runway.benchmarks;

import dev.runway.cache.redis.RedisQueryCache;
import dev.runway.core.cache.CacheKey;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.testkit.RedisServer;
import dev.runway.testkit.SampleData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
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
import redis.clients.jedis.RedisClient;

/**
 * A cache hit through {@link RedisQueryCache} (one round trip: entry and generations read by a
 * script, then validation and decoding of a 10-row result) against a raw Jedis {@code GET} of the
 * same stored bytes with no decoding; and a near-cache hit against the same Redis round trip. A
 * real redis-server on loopback; needs redis-server on the PATH.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisCacheBenchmark {

  private RedisServer server;
  private RedisQueryCache cache;
  private RedisQueryCache near;
  private RedisClient jedis;
  private CacheKey key;
  private byte[] rawKey;

  @Setup(Level.Trial)
  public void setUp() {
    server = RedisServer.start();
    cache = RedisQueryCache.builder().uri(server.uri()).prefix("bench").build();
    near =
        RedisQueryCache.builder()
            .uri(server.uri())
            .prefix("bench")
            .nearCache(1_000, Duration.ofMinutes(5))
            .build();
    jedis = RedisClient.create("127.0.0.1", server.port());
    key = CacheKey.of(Query.of("SELECT * FROM product LIMIT 10"));
    cache.put(key, SampleData.result(10), Duration.ofHours(1), Set.of("product"));
    rawKey = ("bench:e:" + key.value()).getBytes(StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!near.metrics().nearCacheLive() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    if (cache.get(key).isEmpty() || jedis.get(rawKey) == null || near.get(key).isEmpty()) {
      throw new IllegalStateException("setup must produce hits on every path");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    near.close();
    cache.close();
    jedis.close();
    server.close();
  }

  @Benchmark
  public Optional<QueryResult> runway() {
    return cache.get(key);
  }

  @Benchmark
  public byte[] raw() {
    return jedis.get(rawKey);
  }

  @Benchmark
  public Optional<QueryResult> nearCacheHit() {
    return near.get(key);
  }
}
