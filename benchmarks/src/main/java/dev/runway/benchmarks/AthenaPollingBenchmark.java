package dev.runway.benchmarks;

import dev.runway.athena.AthenaDatabaseClient;
import dev.runway.core.engine.PollingPolicy;
import dev.runway.core.query.Query;
import dev.runway.testkit.aws.AthenaFixture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Completion detection on the Athena protocol fixture: queries that finish after 0.3 s, 2 s and 20
 * s, waited for with the back-off policy alone ({@code backoff}), fixed 500 ms polling, and
 * predictive detection on a repeated query ({@code predicted}) and on a new SQL text each time
 * ({@code first-seen}). The score is the time from submission to the result in the caller's hands
 * (single shot); the lag is that time less the query's own duration, and {@code statusCalls} counts
 * GetQueryExecution calls per query. The polling code is shared with the Redshift Data API client.
 * Run with {@code AthenaPolling -wi 1 -i 3}: the 20-second case takes 20 s an iteration.
 */
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AthenaPollingBenchmark {

  @Param({"300", "2000", "20000"})
  public int queryMillis;

  @Param({"backoff", "fixed500", "predicted", "first-seen"})
  public String polling;

  private AthenaFixture fixture;
  private AthenaClient sdk;
  private AthenaDatabaseClient athena;
  private long runs;

  /** Status calls made for the last query; read by JMH as a secondary result. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Calls {
    public long statusCalls;
  }

  @Setup(Level.Trial)
  public void setUp() {
    fixture = new AthenaFixture();
    sdk = FixtureClients.athena(fixture.endpoint());
    PollingPolicy policy =
        polling.equals("fixed500")
            ? PollingPolicy.fixed(Duration.ofMillis(500))
            : PollingPolicy.defaults();
    athena =
        AthenaDatabaseClient.builder()
            .athenaClient(sdk)
            .polling(policy)
            .predictive(!polling.equals("backoff"))
            .resultFetch(AthenaDatabaseClient.ResultFetch.API)
            .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    athena.close();
    sdk.close();
    fixture.close();
  }

  @Benchmark
  public Object runway(Calls calls) {
    long before = athena.engineMetrics().orElseThrow().statusCalls();
    // first-seen: a new SQL text each time (a literal, since comments are normalised away)
    String nonce = polling.equals("first-seen") ? ", " + (++runs) + " AS run" : "";
    Object r =
        athena.execute(
            Query.builder("/* fixture:sleep=" + queryMillis + " */ SELECT 1 AS one" + nonce)
                .cacheable(false)
                .build());
    calls.statusCalls += athena.engineMetrics().orElseThrow().statusCalls() - before;
    return r;
  }
}
