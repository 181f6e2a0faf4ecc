package dev.runway.benchmarks;

import dev.runway.core.Runway;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.resilience.ResiliencePolicy;
import dev.runway.examples.assistant.PersonaQueries;
import dev.runway.micrometer.RunwayMetrics;
import dev.runway.micrometer.RunwayObservations;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What runway-micrometer costs a query: the same Runway on the embedded persona queries, with
 * {@link RunwayObservations} wired to an observation registry that times into a meter registry (and
 * {@link RunwayMetrics} bound), against the uninstrumented one ({@code raw} here). The cache is off
 * on both sides so every call runs the query; each side has its own copy of the database file, as
 * in {@link EmbeddedQueryBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ObservationOverheadBenchmark {

  @Param({"wm.below-reorder", "fe.top-shipped", "ps.on-time-rate"})
  public String query;

  private Path dir;
  private Runway instrumented;
  private Runway plain;
  private Query q;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("runway-bench-obs");
    Path template = EmbeddedQueryBenchmark.template();
    Path a = dir.resolve("instrumented.duckdb");
    Path b = dir.resolve("plain.duckdb");
    Files.copy(template, a);
    Files.copy(template, b);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    instrumented =
        Runway.builder()
            .database(
                JdbcDatabaseClient.builder().duckDbFile(a).initSql("SET threads TO 1").build())
            .cache(QueryCache.none())
            .resilience(ResiliencePolicy.none())
            .decorator(RunwayObservations.builder(observations).meterRegistry(meters).build())
            .build();
    new RunwayMetrics(instrumented).bindTo(meters);
    plain =
        Runway.builder()
            .database(
                JdbcDatabaseClient.builder().duckDbFile(b).initSql("SET threads TO 1").build())
            .cache(QueryCache.none())
            .resilience(ResiliencePolicy.none())
            .build();
    q =
        PersonaQueries.all().stream()
            .flatMap(p -> p.questions().stream())
            .map(PersonaQueries.Question::query)
            .filter(x -> x.label().orElse("").equals(query))
            .findFirst()
            .orElseThrow();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    instrumented.close();
    plain.close();
    EmbeddedQueryBenchmark.deleteDirectory(dir);
  }

  /** With observations and meters. */
  @Benchmark
  public QueryResult runway() {
    return instrumented.database().execute(q);
  }

  /** The same Runway without instrumentation. */
  @Benchmark
  public QueryResult raw() {
    return plain.database().execute(q);
  }
}
