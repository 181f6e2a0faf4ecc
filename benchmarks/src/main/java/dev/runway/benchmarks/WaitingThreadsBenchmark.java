package dev.runway.benchmarks;

import dev.runway.athena.AthenaDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.testkit.aws.AthenaFixture;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.services.athena.AthenaClient;

/**
 * Whether waiting for many remote queries at once is cheaper on virtual threads. {@code
 * executeAsync} of the polled runtime (Athena, the Redshift Data API) runs the query's whole wait
 * (submit, back-off polls, the result pages) on one thread of its pool; this benchmark runs that
 * same synchronous path for {@code queries} concurrent Athena queries of 200 ms on the protocol
 * fixture, once on a cached pool of platform threads (what the runtime uses) and once on one
 * virtual thread per query, and times the batch until every result is in hand. The status-call
 * pacing is lifted so that the threads, not the pacing, are what differs. A {@code raw} and a
 * {@code runway} method, so that the ratio printed is virtual / platform.
 *
 * <p>Needs Java 21 or later (virtual threads); on 17 the benchmark says so and stops. Run with
 * {@code JAVA_HOME=<jdk 21+> java -jar benchmarks/target/benchmarks.jar WaitingThreads -f 3}.
 */
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WaitingThreadsBenchmark {

  @Param({"100", "1000"})
  public int queries;

  private AthenaFixture fixture;
  private AthenaClient sdk;
  private AthenaDatabaseClient athena;
  private ExecutorService platform;
  private ExecutorService virtual;
  private final AtomicInteger run = new AtomicInteger();

  @Setup(Level.Trial)
  public void setUp() throws Throwable {
    if (Runtime.version().feature() < 21) {
      throw new IllegalStateException(
          "virtual threads need Java 21 or later; this JVM is " + Runtime.version());
    }
    fixture = new AthenaFixture();
    sdk = FixtureClients.athena(fixture.endpoint());
    athena =
        AthenaDatabaseClient.builder()
            .athenaClient(sdk)
            // the client's status-call pacing (50/s by default, for Athena's API quota) would
            // otherwise set the pace of the batch, whatever the threads
            .statusCallsPerSecond(100_000)
            .resultFetch(AthenaDatabaseClient.ResultFetch.API)
            .build();
    platform = Executors.newCachedThreadPool();
    // Executors.newVirtualThreadPerTaskExecutor(), looked up because this module compiles for 17
    virtual =
        (ExecutorService)
            MethodHandles.publicLookup()
                .findStatic(
                    Executors.class,
                    "newVirtualThreadPerTaskExecutor",
                    MethodType.methodType(ExecutorService.class))
                .invoke();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    platform.shutdownNow();
    virtual.shutdownNow();
    athena.close();
    sdk.close();
    fixture.close();
  }

  /** The batch on platform threads, as the runtime's own pool runs it. */
  @Benchmark
  public long raw() {
    return batch(platform);
  }

  /** The same batch on one virtual thread per query. */
  @Benchmark
  public long runway() {
    return batch(virtual);
  }

  private long batch(ExecutorService threads) {
    int batch = run.incrementAndGet();
    List<CompletableFuture<QueryResult>> all = new ArrayList<>(queries);
    for (int i = 0; i < queries; i++) {
      // a new SQL text for each query: no result reuse, no completion prediction
      Query q =
          Query.builder("/* fixture:sleep=200 */ SELECT " + i + " AS i, " + batch + " AS batch")
              .cacheable(false)
              .build();
      all.add(CompletableFuture.supplyAsync(() -> athena.execute(q), threads));
    }
    long rows = 0;
    for (CompletableFuture<QueryResult> f : all) {
      rows += f.join().size();
    }
    if (rows != queries) {
      throw new IllegalStateException(rows + " rows for " + queries + " queries");
    }
    return rows;
  }
}
