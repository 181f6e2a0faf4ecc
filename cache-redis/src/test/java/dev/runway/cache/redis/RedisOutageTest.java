package dev.runway.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.cache.CachingDatabaseClient;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.resilience.ResiliencePolicy;
import dev.runway.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis dies and comes back while 4 threads run 20,000 cached queries each: no caller sees a
 * failure, every answer is right, the breaker opens and closes, and hits resume after the restart.
 */
class RedisOutageTest {

  @Test
  @Timeout(300)
  void redisKilledAndRestartedMidRun_noCallerFailure() throws Exception {
    try (RedisServer redis = RedisServer.start();
        DatabaseClient db = JdbcDatabaseClient.embedded()) {
      RedisQueryCache cache =
          RedisQueryCache.builder()
              .uri(redis.uri())
              .prefix("outage")
              .socketTimeout(Duration.ofMillis(200))
              .connectTimeout(Duration.ofMillis(200))
              .circuitBreaker(3, Duration.ofMillis(500))
              .build();
      CachingDatabaseClient client = CachingDatabaseClient.wrap(db, cache, Duration.ofMinutes(5));
      int threads = 4;
      int perThread = 20_000;
      AtomicInteger done = new AtomicInteger();
      AtomicInteger wrong = new AtomicInteger();
      AtomicInteger failures = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    int n = (i * 31 + seed) % 200;
                    try {
                      QueryResult r =
                          client.execute(Query.builder("SELECT :n * 2 AS v").param("n", n).build());
                      if (r.row(0).getInt("v") != n * 2) {
                        wrong.incrementAndGet();
                      }
                    } catch (RuntimeException e) {
                      failures.incrementAndGet();
                    }
                    done.incrementAndGet();
                  }
                }));
      }
      int total = threads * perThread;
      awaitProgress(done, total / 4);
      redis.kill();
      awaitProgress(done, total / 2);
      // open, or half-open for the instant a trial call is under way
      assertThat(cache.metrics().readCircuit())
          .as("breaker open while Redis is down")
          .isIn(ResiliencePolicy.CircuitState.OPEN, ResiliencePolicy.CircuitState.HALF_OPEN);
      redis.restart();
      long restarted = System.nanoTime();
      long hitsAtRestart = cache.stats().hits();
      AtomicLong hitSeenAfter = new AtomicLong(-1);
      while (hitSeenAfter.get() < 0
          && System.nanoTime() - restarted < Duration.ofSeconds(30).toNanos()) {
        if (cache.stats().hits() > hitsAtRestart) {
          hitSeenAfter.set(System.nanoTime() - restarted);
        }
        Thread.sleep(5);
      }
      for (Future<?> f : futures) {
        f.get(240, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(failures.get()).as("caller-visible failures").isZero();
      assertThat(wrong.get()).as("wrong answers").isZero();
      assertThat(done.get()).isEqualTo(total);
      RedisQueryCache.Metrics metrics = cache.metrics();
      assertThat(metrics.circuitOpened()).as("breaker opened").isGreaterThanOrEqualTo(1);
      assertThat(metrics.circuitClosed()).as("breaker closed again").isGreaterThanOrEqualTo(1);
      assertThat(cache.stats().errors()).isGreaterThan(0);
      assertThat(hitSeenAfter.get()).as("hits resume after the restart").isNotNegative();
      // derived from the breaker's configured open delay (500 ms): the breaker half-opens after it
      // and the first trial call closes it; twenty delays leave room for a loaded machine
      assertThat(Duration.ofNanos(hitSeenAfter.get()))
          .as("hits resume within 20 breaker delays of the restart")
          .isLessThan(Duration.ofMillis(500).multipliedBy(20));
      cache.close();
    }
  }

  private static void awaitProgress(AtomicInteger done, int target) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (done.get() < target && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }
}
