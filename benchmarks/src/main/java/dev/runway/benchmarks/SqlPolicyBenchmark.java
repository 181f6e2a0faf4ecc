package dev.runway.benchmarks;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.examples.assistant.PersonaQueries;
import dev.runway.examples.assistant.SupplyChainData;
import dev.runway.sql.SqlPolicy;
import java.util.List;
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
 * What a {@link SqlPolicy} adds to a query, on the assistant's persona questions: the check alone,
 * with the decision remembered per SQL text (the default: a question asked again) and without
 * (every text new, as a model's SQL often is: parse, walk, cross-checks), and the whole query on
 * the embedded engine with and without the guard. Sample time, so that JMH prints p99.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar SqlPolicyBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SqlPolicyBenchmark {

  @Param({"wm.below-reorder", "wm.days-of-supply", "ps.on-time-rate"})
  public String question;

  private Query query;
  private SqlPolicy remembered;
  private SqlPolicy fresh;
  private JdbcDatabaseClient db;
  private DatabaseClient guarded;

  @Setup(Level.Trial)
  public void setUp() {
    query =
        PersonaQueries.all().stream()
            .flatMap(p -> p.questions().stream())
            .map(PersonaQueries.Question::query)
            .filter(q -> q.label().orElse("").equals(question))
            .findFirst()
            .orElseThrow();
    List<String> tables = SupplyChainData.TABLES;
    remembered =
        SqlPolicy.builder().allowTables(tables.toArray(String[]::new)).maxRows(1_000).build();
    fresh =
        SqlPolicy.builder()
            .allowTables(tables.toArray(String[]::new))
            .maxRows(1_000)
            .remembered(0)
            .build();
    db = JdbcDatabaseClient.builder().duckDbInMemory().initSql("SET threads TO 1").build();
    new SupplyChainData(db, 1, null).generate();
    guarded = remembered.guard(db);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    db.close();
  }

  @Benchmark
  public SqlPolicy.Decision checkRemembered() {
    return remembered.check(query);
  }

  @Benchmark
  public SqlPolicy.Decision checkFresh() {
    return fresh.check(query);
  }

  @Benchmark
  public Object queryWithoutPolicy() {
    return db.execute(query);
  }

  @Benchmark
  public Object queryWithPolicy() {
    return guarded.execute(query);
  }
}
