package dev.runway.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.cache.CacheKey;
import dev.runway.core.cache.ResultCodec;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.health.Health;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.testkit.MutableClock;
import dev.runway.testkit.RedisServer;
import dev.runway.testkit.SampleData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;

class RedisQueryCacheTest {

  private static final AtomicInteger NS = new AtomicInteger();
  private static RedisServer server;
  private static RedisClient raw;

  @BeforeAll
  static void start() {
    server = RedisServer.start();
    raw = RedisClient.create("127.0.0.1", server.port());
  }

  @AfterAll
  static void stop() {
    if (raw != null) {
      raw.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static RedisQueryCache.Builder builder(String prefix) {
    return RedisQueryCache.builder().uri(server.uri()).prefix(prefix);
  }

  private static CacheKey key(String s) {
    return CacheKey.of(Query.of("SELECT '" + s + "'"));
  }

  @Test
  void entryOfOtherFormatVersion_isAMissNotAnError() {
    String prefix = "ver" + NS.incrementAndGet();
    try (RedisQueryCache cache = builder(prefix).build()) {
      CacheKey k = key("v");
      cache.put(k, SampleData.result(3), Duration.ofMinutes(1), Set.of());
      byte[] stored = raw.get((prefix + ":e:" + k.value()).getBytes(StandardCharsets.UTF_8));
      stored[1] = 99; // a future entry format
      raw.set((prefix + ":e:" + k.value()).getBytes(StandardCharsets.UTF_8), stored);
      assertThat(cache.get(k)).isEmpty();
      raw.set(
          (prefix + ":e:" + k.value()).getBytes(StandardCharsets.UTF_8),
          "garbage".getBytes(StandardCharsets.UTF_8));
      assertThat(cache.get(k)).isEmpty();
      assertThat(cache.stats().errors()).isZero();
    }
  }

  @Test
  void largeResult_isStoredCompressed_andRoundTrips() {
    String prefix = "zip" + NS.incrementAndGet();
    try (RedisQueryCache cache = builder(prefix).compressAbove(1024).build()) {
      QueryResult big = SampleData.result(5_000);
      CacheKey k = key("big");
      cache.put(k, big, Duration.ofMinutes(1), Set.of());
      long stored = raw.strlen(prefix + ":e:" + k.value());
      assertThat(stored).isLessThan(ResultCodec.encode(big).length / 2);
      assertThat(cache.get(k)).contains(big);
    }
  }

  @Test
  void resultOverMaxValueSize_isNotCached() {
    try (RedisQueryCache cache =
        builder("max" + NS.incrementAndGet())
            .compressAbove(Integer.MAX_VALUE)
            .maxValueBytes(10_000)
            .build()) {
      CacheKey k = key("too big");
      cache.put(k, SampleData.result(2_000), Duration.ofMinutes(1), Set.of());
      assertThat(cache.get(k)).isEmpty();
      assertThat(cache.metrics().oversized()).isEqualTo(1);
    }
  }

  @Test
  void ttlJitter_neverLengthensTtl() {
    String prefix = "jit" + NS.incrementAndGet();
    try (RedisQueryCache cache = builder(prefix).ttlJitter(0.5).build()) {
      for (int i = 0; i < 20; i++) {
        CacheKey k = key("j" + i);
        cache.put(k, SampleData.result(1), Duration.ofSeconds(100), Set.of());
        long pttl = raw.pttl(prefix + ":e:" + k.value());
        assertThat(pttl).isBetween(49_000L, 100_000L);
      }
    }
  }

  @Test
  @Timeout(60)
  void lease_twoInstancesMissingTogether_loadOnce() throws Exception {
    String prefix = "lease" + NS.incrementAndGet();
    int instances = 2;
    int threadsPerInstance = 4;
    List<RedisQueryCache> caches = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      caches.add(builder(prefix).lease(Duration.ofSeconds(10)).build());
    }
    AtomicInteger loads = new AtomicInteger();
    CacheKey k = key("stampede");
    CyclicBarrier start = new CyclicBarrier(instances * threadsPerInstance);
    ExecutorService pool = Executors.newFixedThreadPool(instances * threadsPerInstance);
    try {
      List<Future<QueryResult>> results = new ArrayList<>();
      for (RedisQueryCache c : caches) {
        for (int t = 0; t < threadsPerInstance; t++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return c.getOrLoad(
                        k,
                        Duration.ofMinutes(1),
                        Set.of(),
                        () -> {
                          loads.incrementAndGet();
                          sleep(500); // a slow query: the other instance arrives while it runs
                          return SampleData.result(4);
                        });
                  }));
        }
      }
      for (Future<QueryResult> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(SampleData.result(4));
      }
    } finally {
      pool.shutdownNow();
      caches.forEach(RedisQueryCache::close);
    }
    assertThat(loads.get()).as("one load across both instances").isEqualTo(1);
    assertThat(raw.exists(prefix + ":lease:" + k.value())).as("lease released").isFalse();
  }

  @Test
  void earlyRefresh_nearExpiry_recomputesWhilePlainGetStillHits() {
    MutableClock clock = new MutableClock(java.time.Instant.now());
    try (RedisQueryCache cache =
        builder("xf" + NS.incrementAndGet()).earlyRefresh(1.0).clock(clock).build()) {
      CacheKey k = key("hot");
      AtomicInteger loads = new AtomicInteger();
      java.util.function.Supplier<QueryResult> slowLoader =
          () -> {
            loads.incrementAndGet();
            sleep(50); // the XFetch window scales with how long the load took
            return SampleData.result(2);
          };
      cache.getOrLoad(k, Duration.ofMinutes(10), Set.of(), slowLoader);
      cache.getOrLoad(k, Duration.ofMinutes(10), Set.of(), slowLoader);
      assertThat(loads.get()).as("far from expiry: a hit").isEqualTo(1);
      clock.advance(Duration.ofMinutes(10).minusMillis(5)); // 5 ms before expiry, load took ~50 ms
      for (int i = 0; i < 20; i++) {
        cache.getOrLoad(k, Duration.ofMinutes(10), Set.of(), slowLoader);
        clock.set(java.time.Instant.now().plus(Duration.ofMinutes(10)).minusMillis(5));
      }
      assertThat(cache.metrics().earlyRefreshes()).isGreaterThan(0);
      assertThat(loads.get()).isGreaterThan(1);
      assertThat(cache.get(k)).as("plain reads are never refreshed early").isPresent();
    }
  }

  @Test
  void health_upWhenReachable_degradedWhenNot() {
    try (RedisQueryCache up = builder("h" + NS.incrementAndGet()).build();
        RedisQueryCache down = RedisQueryCache.builder().standalone("127.0.0.1", 1).build()) {
      assertThat(up.health().status()).isEqualTo(Health.Status.UP);
      assertThat(down.health().status()).isEqualTo(Health.Status.DEGRADED);
      assertThat(down.get(key("x"))).isEmpty();
    }
  }

  @Test
  void builder_badValues_areRefusedAndPasswordMasked() {
    assertThatThrownBy(() -> RedisQueryCache.builder().uri("http://h:1"))
        .hasMessageContaining("redis://");
    assertThatThrownBy(() -> RedisQueryCache.builder().uri("redis://u:pw-secret@h:1/abc"))
        .hasMessageContaining("redis://***@h:1")
        .hasMessageNotContaining("pw-secret");
    assertThatThrownBy(() -> RedisQueryCache.builder().uri("redis://h:1").standalone("h", 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already chosen");
    assertThatThrownBy(() -> RedisQueryCache.builder().build()).hasMessageContaining("uri(");
    assertThat(RedisQueryCache.Builder.mask("rediss://:tok-en@h:6379"))
        .isEqualTo("rediss://***@h:6379");
  }

  @Test
  void runwayYaml_cacheTypeRedis_isUsedByTheDatabaseClient() {
    RunwayConfig config =
        RunwayConfig.parse(
            """
        cache: { type: redis, ttl: 2m, redis: { uri: "redis://127.0.0.1:${REDIS_PORT}", prefix: yaml, socket-timeout: 300ms } }
        """,
            Path.of("."),
            Map.of("REDIS_PORT", String.valueOf(server.port())),
            new Properties());
    try (Runway rw = Runway.fromConfig(config)) {
      assertThat(rw.cache().name()).isEqualTo("redis");
      Query q = Query.of("SELECT 21 * 2 AS answer");
      assertThat(rw.database().execute(q).stats().fromCache()).isFalse();
      assertThat(rw.database().execute(q).stats().fromCache()).isTrue();
      assertThat(raw.exists("yaml:e:" + CacheKey.of(q).value())).isTrue();
    }
  }

  @Test
  void runwayYaml_badRedisSettings_failAtStartNamingTheKey() {
    RunwayConfig noUri =
        RunwayConfig.parse("cache: { type: redis }", Path.of("."), Map.of(), new Properties());
    assertThatThrownBy(() -> Runway.fromConfig(noUri))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cache.redis.uri");
    RunwayConfig badMode =
        RunwayConfig.parse(
            "cache: { type: redis, redis: { mode: ring, uri: 'redis://h:1' } }",
            Path.of("."),
            Map.of(),
            new Properties());
    assertThatThrownBy(() -> Runway.fromConfig(badMode))
        .hasMessageContaining("cache.redis.mode")
        .hasMessageContaining("sentinel");
    RunwayConfig badJitter =
        RunwayConfig.parse(
            "cache: { type: redis, redis: { uri: 'redis://h:1', ttl-jitter: 2 } }",
            Path.of("."),
            Map.of(),
            new Properties());
    assertThatThrownBy(() -> Runway.fromConfig(badJitter))
        .hasMessageContaining("cache.redis.ttl-jitter")
        .hasMessageNotContaining("ttlJitter");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, Long> commandCalls() {
    Map<String, Long> calls = new HashMap<>();
    for (String line : raw.info("commandstats").split("\\r?\\n")) {
      // cmdstat_get:calls=12,usec=...
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        String v = line.substring(line.indexOf("calls=") + 6);
        calls.put(name, Long.parseLong(v.substring(0, v.indexOf(','))));
      }
    }
    return calls;
  }

  @Test
  void hit_isOneGetAndOneHgetallInOnePipeline_nothingElse() {
    try (RedisQueryCache cache = builder("rt" + NS.incrementAndGet()).build()) {
      CacheKey k = CacheKey.of(Query.of("SELECT 'one round trip'"));
      cache.put(k, SampleData.result(3), Duration.ofMinutes(5), Set.of("product"));
      Map<String, Long> before = commandCalls();
      assertThat(cache.get(k)).isPresent();
      Map<String, Long> after = commandCalls();
      Map<String, Long> used = new HashMap<>();
      after.forEach(
          (cmd, n) -> {
            long d = n - before.getOrDefault(cmd, 0L);
            if (d > 0 && !cmd.equals("info")) {
              used.put(cmd, d);
            }
          });
      // the entry and the generation counters, sent together (AbstractPipeline): one round trip
      assertThat(used).containsOnly(Map.entry("get", 1L), Map.entry("hgetall", 1L));
    }
  }
}
