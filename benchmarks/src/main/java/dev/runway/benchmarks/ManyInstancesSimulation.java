package dev.runway.benchmarks;

import dev.runway.athena.AthenaDatabaseClient;
import dev.runway.cache.redis.RedisConnections;
import dev.runway.cache.redis.RedisCoordination;
import dev.runway.core.coordination.Coordination;
import dev.runway.core.coordination.DegradingCoordination;
import dev.runway.core.engine.PollingPolicy;
import dev.runway.core.engine.PollingSettings;
import dev.runway.core.query.Query;
import dev.runway.testkit.RedisServer;
import dev.runway.testkit.aws.AthenaFixture;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Many instances against one account's Athena quotas: 8 instances x 25 users (each an {@link
 * AthenaDatabaseClient} of its own, as separate processes would have) against the Athena protocol
 * fixture enforcing the documented per-account defaults (StartQueryExecution 20 calls a second,
 * GetQueryExecution 100 a second, 25 active queries; a call beyond them is answered
 * ThrottlingException / TooManyRequestsException). Printed for each scenario: queries that failed
 * for the user, calls the account refused, the highest call rate the fixture saw in one second
 * against the quota, and the p50/p95 of a query as its user waited for it.
 *
 * <p>Scenarios: one instance carrying the whole load (the baseline for p95); 8 instances without
 * coordination (each keeps its own limits); 8 instances sharing the quotas through Redis
 * coordination; the same with Redis stopped for 10 s in the middle of the run.
 *
 * <p>Run: {@code mvn -q -pl benchmarks -am install -DskipTests && java -cp
 * benchmarks/target/benchmarks.jar dev.runway.benchmarks.ManyInstancesSimulation}
 */
public final class ManyInstancesSimulation {

  private static final int INSTANCES = 8;
  private static final int USERS_PER_INSTANCE = 25;
  private static final int QUERIES_PER_USER = 6;

  /**
   * A user's pause between queries; -Dthink.millis changes the load (9 s: about the quota's 20 a
   * second).
   */
  private static final int THINK_MILLIS = Integer.getInteger("think.millis", 9_000);

  private static final String QUERY = "/* fixture:sleep=400 */ SELECT 1";

  private ManyInstancesSimulation() {}

  /** One scenario's figures. */
  record Figures(
      String name,
      int queries,
      int failed,
      long refused,
      long peakStartPerSecond,
      long peakStatusPerSecond,
      double p50Millis,
      double p95Millis,
      double seconds) {
    @Override
    public String toString() {
      return String.format(
          "%-44s %5d queries  %3d failed for users  %5d refused by the account  "
              + "peak StartQueryExecution %3d/s (quota 20)  peak GetQueryExecution %3d/s (quota 100)  "
              + "p50 %6.0f ms  p95 %6.0f ms  (%.0f s)",
          name,
          queries,
          failed,
          refused,
          peakStartPerSecond,
          peakStatusPerSecond,
          p50Millis,
          p95Millis,
          seconds);
    }
  }

  /** Runs every scenario and prints its figures. */
  public static void main(String[] args) throws Exception {
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    // arguments: the scenarios to run (1 to 4), all by default
    java.util.Set<String> only = java.util.Set.of(args);
    List<Figures> all = new ArrayList<>();
    Figures base = null;
    Figures shared = null;
    if (only.isEmpty() || only.contains("1")) {
      all.add(
          base =
              run(
                  "1 instance x 200 users, no coordination",
                  1,
                  INSTANCES * USERS_PER_INSTANCE,
                  false,
                  false));
    }
    if (only.isEmpty() || only.contains("2")) {
      all.add(
          run(
              "8 instances x 25 users, no coordination",
              INSTANCES,
              USERS_PER_INSTANCE,
              false,
              false));
    }
    if (only.isEmpty() || only.contains("3")) {
      all.add(
          shared =
              run(
                  "8 instances x 25 users, Redis coordination",
                  INSTANCES,
                  USERS_PER_INSTANCE,
                  true,
                  false));
    }
    if (only.isEmpty() || only.contains("4")) {
      all.add(
          run(
              "8 x 25, Redis coordination, Redis down 10 s",
              INSTANCES,
              USERS_PER_INSTANCE,
              true,
              true));
    }
    System.out.println();
    all.forEach(System.out::println);
    if (base != null && shared != null) {
      System.out.printf(
          "p95 with coordination / p95 of one instance carrying the load: %.2f%n",
          shared.p95Millis() / base.p95Millis());
    }
    System.exit(0);
  }

  private static Figures run(
      String name, int instances, int usersEach, boolean coordinated, boolean outage)
      throws Exception {
    RedisServer redis = coordinated ? RedisServer.start() : null;
    List<AthenaDatabaseClient> clients = new ArrayList<>();
    List<Coordination> coordinations = new ArrayList<>();
    try (AthenaFixture fixture = new AthenaFixture()) {
      fixture.callRate("StartQueryExecution", 20, 20);
      fixture.callRate("GetQueryExecution", 100, 100);
      fixture.maxConcurrentQueries(25);
      for (int i = 0; i < instances; i++) {
        AthenaDatabaseClient.Builder b =
            AthenaDatabaseClient.builder()
                .endpoint(fixture.endpoint())
                .region("us-east-1")
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .database("runway")
                .outputLocation("s3://results/sim/")
                .predictive(false)
                .polling(
                    new PollingPolicy(Duration.ofMillis(100), 1.5, Duration.ofSeconds(1), 0.2));
        if (coordinated) {
          Coordination c =
              DegradingCoordination.over(
                      RedisCoordination.open(
                          RedisConnections.builder()
                              .uri(redis.uri())
                              .socketTimeout(Duration.ofMillis(200))
                              .build(),
                          "sim"))
                  .expectedInstances(instances)
                  .probeInterval(Duration.ofSeconds(1))
                  .build();
          coordinations.add(c);
          // 90% of each quota, as the documentation advises
          b.accountQuota(new PollingSettings.AccountQuota(c, "athena:sim", 18, 90, 22));
        }
        clients.add(b.build());
      }
      List<Long> waits = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger failed = new AtomicInteger();
      AtomicLong peakStart = new AtomicLong();
      AtomicLong peakStatus = new AtomicLong();
      ExecutorService users = Executors.newFixedThreadPool(instances * usersEach);
      long begin = System.nanoTime();
      Thread sampler =
          new Thread(
              () -> {
                long lastStart =
                    fixture.calls("StartQueryExecution") - fixture.throttled("StartQueryExecution");
                long lastStatus =
                    fixture.calls("GetQueryExecution") - fixture.throttled("GetQueryExecution");
                while (!Thread.currentThread().isInterrupted()) {
                  try {
                    Thread.sleep(1000);
                  } catch (InterruptedException e) {
                    return;
                  }
                  long s =
                      fixture.calls("StartQueryExecution")
                          - fixture.throttled("StartQueryExecution");
                  long g =
                      fixture.calls("GetQueryExecution") - fixture.throttled("GetQueryExecution");
                  peakStart.accumulateAndGet(s - lastStart, Math::max);
                  peakStatus.accumulateAndGet(g - lastStatus, Math::max);
                  lastStart = s;
                  lastStatus = g;
                }
              });
      sampler.start();
      Thread chaos = null;
      if (outage) {
        RedisServer r = redis;
        int port = URI.create(r.uri()).getPort();
        RedisServer[] restarted = new RedisServer[1];
        chaos =
            new Thread(
                () -> {
                  try {
                    Thread.sleep(10_000);
                    r.close();
                    Thread.sleep(10_000);
                    restarted[0] = RedisServer.start(port);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        chaos.start();
        redis = null;
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      if (restarted[0] != null) {
                        restarted[0].close();
                      }
                    }));
      }
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        AthenaDatabaseClient client = clients.get(i);
        for (int u = 0; u < usersEach; u++) {
          done.add(
              users.submit(
                  () -> {
                    // users arrive spread over the first think time
                    sleep(ThreadLocalRandom.current().nextInt(THINK_MILLIS));
                    for (int q = 0; q < QUERIES_PER_USER; q++) {
                      long start = System.nanoTime();
                      try {
                        client.execute(
                            Query.builder(QUERY).timeout(Duration.ofSeconds(120)).build());
                        waits.add(System.nanoTime() - start);
                      } catch (RuntimeException e) {
                        failed.incrementAndGet();
                      }
                      sleep(THINK_MILLIS / 2 + ThreadLocalRandom.current().nextInt(THINK_MILLIS));
                    }
                    return null;
                  }));
        }
      }
      for (Future<?> f : done) {
        f.get(15, TimeUnit.MINUTES);
      }
      double seconds = (System.nanoTime() - begin) / 1e9;
      sampler.interrupt();
      if (chaos != null) {
        chaos.join();
      }
      users.shutdown();
      long[] sorted = waits.stream().mapToLong(Long::longValue).sorted().toArray();
      double p50 = sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6;
      double p95 =
          sorted.length == 0
              ? 0
              : sorted[Math.max(0, (int) Math.ceil(sorted.length * 0.95) - 1)] / 1e6;
      long refused =
          fixture.throttled("StartQueryExecution")
              + fixture.throttled("GetQueryExecution")
              + fixture.refusedConcurrent();
      Figures f =
          new Figures(
              name,
              instances * usersEach * QUERIES_PER_USER,
              failed.get(),
              refused,
              peakStart.get(),
              peakStatus.get(),
              p50,
              p95,
              seconds);
      System.out.println(f);
      return f;
    } finally {
      clients.forEach(AthenaDatabaseClient::close);
      coordinations.forEach(Coordination::close);
      if (redis != null) {
        redis.close();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
