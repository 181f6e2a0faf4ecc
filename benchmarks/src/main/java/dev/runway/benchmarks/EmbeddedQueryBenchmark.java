package dev.runway.benchmarks;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.sql.ParsedSql;
import dev.runway.examples.assistant.PersonaQueries;
import dev.runway.examples.assistant.SupplyChainData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
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
 * Runway's embedded {@link DatabaseClient} against raw DuckDB JDBC on the demo's persona queries,
 * over the same generated data (scale 5, ~450,000 rows), each side on its own copy of the database
 * file. Both sides prepare the statement, bind the parameters, read every value of every row and
 * keep the rows (the raw side as {@code Object[]}s in a list, as a hand-written DAO would), so the
 * difference is what Runway adds: parsing named parameters, normalising values, building its result
 * and statistics.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EmbeddedQueryBenchmark {

  @Param({"wm.below-reorder", "fe.top-shipped", "ps.on-time-rate", "scan-100k"})
  public String query;

  private Path dir;
  private DatabaseClient runway;
  private Connection raw;
  private Query q;
  private ParsedSql parsed;
  private List<Object> values;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("runway-bench");
    // Both sides get byte-identical copies of one database file, generated once with one thread:
    // data generated per fork (and in parallel) lays tables out differently from fork to fork,
    // which moved query times by more than the difference being measured.
    Path template = template();
    Path runwayFile = dir.resolve("runway.duckdb");
    Path rawFile = dir.resolve("raw.duckdb");
    Files.copy(template, runwayFile);
    Files.copy(template, rawFile);
    // One DuckDB worker thread on each side: with two cores and two databases, DuckDB's default
    // of a thread per core makes the two sides compete for cores and the figures mostly noise.
    runway =
        JdbcDatabaseClient.builder().duckDbFile(runwayFile).initSql("SET threads TO 1").build();
    raw = DriverManager.getConnection("jdbc:duckdb:" + rawFile);
    try (var st = raw.createStatement()) {
      st.execute("SET threads TO 1");
    }
    q =
        query.equals("scan-100k")
            ? Query.builder("SELECT * FROM sales_order_line WHERE order_id <= :max")
                .param("max", 33_000L)
                .build()
            : PersonaQueries.all().stream()
                .flatMap(p -> p.questions().stream())
                .map(PersonaQueries.Question::query)
                .filter(x -> x.label().orElse("").equals(query))
                .findFirst()
                .orElseThrow();
    parsed = ParsedSql.parse(q.sql());
    values = parsed.bind(q.params());
  }

  static synchronized Path template() throws Exception {
    Path template =
        Path.of(System.getProperty("java.io.tmpdir"), "runway-bench-supply-chain-5.duckdb");
    if (!Files.exists(template)) {
      Path tmp = Files.createTempFile("runway-bench", ".duckdb");
      Files.delete(tmp);
      try (DatabaseClient gen =
          JdbcDatabaseClient.builder().duckDbFile(tmp).initSql("SET threads TO 1").build()) {
        new SupplyChainData(gen, 5, null).generate();
      }
      Files.move(tmp, template, StandardCopyOption.ATOMIC_MOVE);
    }
    return template;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    runway.close();
    raw.close();
    deleteDirectory(dir);
  }

  /** Deletes a benchmark's own flat folder of database copies. */
  static void deleteDirectory(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public QueryResult runway() {
    return runway.execute(q);
  }

  @Benchmark
  public List<Object[]> raw() throws SQLException {
    try (PreparedStatement ps = raw.prepareStatement(parsed.positionalSql())) {
      for (int i = 0; i < values.size(); i++) {
        bindRaw(ps, i + 1, values.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
          Object[] row = new Object[n];
          for (int i = 1; i <= n; i++) {
            row[i - 1] = rs.getObject(i);
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }

  /** Binds a value the way plain JDBC code would (dates as java.sql types). */
  private static void bindRaw(PreparedStatement ps, int index, Object v) throws SQLException {
    if (v instanceof LocalDate d) {
      ps.setDate(index, Date.valueOf(d));
    } else if (v instanceof LocalDateTime t) {
      ps.setTimestamp(index, Timestamp.valueOf(t));
    } else {
      ps.setObject(index, v);
    }
  }
}
