package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.query.ColumnType;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.InvalidQueryException;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryResult;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class JdbcDatabaseClientTest {

  private static final int FIVE_MILLION = 5_000_000;

  private static ProcessResult runProbe(String mode) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                StreamMemoryProbe.class.getName(),
                String.valueOf(FIVE_MILLION),
                mode));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(170, TimeUnit.SECONDS)).isTrue();
    return new ProcessResult(p.exitValue(), out);
  }

  private record ProcessResult(int exit, String output) {}

  @Test
  @Timeout(180)
  void stream_fiveMillionRows_fitIn128MegabyteHeap() throws Exception {
    ProcessResult r = runProbe("stream");
    long expectedSum = (long) FIVE_MILLION * (FIVE_MILLION - 1) / 2;
    long labelChars = 0;
    for (int digits = 1, from = 0;
        from < FIVE_MILLION;
        digits++, from = from == 0 ? 10 : from * 10) {
      long to = Math.min(FIVE_MILLION, from == 0 ? 10 : from * 10L);
      labelChars += (to - from) * (4 + digits);
    }
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output())
        .contains("rows=" + FIVE_MILLION + " checksum=" + (expectedSum + labelChars));
  }

  @Test
  @Timeout(180)
  void execute_fiveMillionRows_doesNotFitIn128MegabyteHeap() throws Exception {
    // The control for the test above: materialising the same result in the same heap fails, so
    // the streaming test proves streaming rather than a small result.
    ProcessResult r = runProbe("execute");
    assertThat(r.exit()).isNotZero();
    assertThat(r.output()).contains("Java heap space");
  }

  @Test
  void duckDbFile_dataSurvivesReopen(@TempDir Path dir) {
    Path file = dir.resolve("supply.duckdb");
    try (DatabaseClient db = JdbcDatabaseClient.duckDb(file)) {
      db.execute("CREATE TABLE product (id INTEGER, name VARCHAR)");
      db.execute(
          Query.builder("INSERT INTO product VALUES (:id, :name)")
              .param("id", 1)
              .param("name", "Pump")
              .build());
    }
    try (DatabaseClient db = JdbcDatabaseClient.duckDb(file)) {
      assertThat(db.execute("SELECT name FROM product").row(0).getString(0)).isEqualTo("Pump");
    }
  }

  @Test
  void duckDb_readsLocalParquetAndCsvFiles(@TempDir Path dir) throws IOException {
    // How local development reads the same files Athena reads from S3.
    Path csv = dir.resolve("orders.csv");
    Files.writeString(csv, "order_id,amount\n1,10.50\n2,4.25\n");
    Path parquet = dir.resolve("orders.parquet");
    try (DatabaseClient db = JdbcDatabaseClient.embedded()) {
      QueryResult fromCsv =
          db.execute(
              "SELECT sum(amount) AS total FROM read_csv('"
                  + csv.toString().replace("'", "''")
                  + "')");
      assertThat(fromCsv.row(0).getBigDecimal("total")).isEqualByComparingTo("14.75");
      db.execute(
          "COPY (SELECT * FROM read_csv('" + csv + "')) TO '" + parquet + "' (FORMAT PARQUET)");
      QueryResult fromParquet =
          db.execute(
              "SELECT count(*) AS n FROM read_parquet('" + dir + File.separator + "*.parquet')");
      assertThat(fromParquet.row(0).getLong("n")).isEqualTo(2L);
    }
  }

  @Test
  void execute_timestampWithTimeZoneAndUnsignedTypes_normalise() {
    try (DatabaseClient db = JdbcDatabaseClient.embedded()) {
      QueryResult r =
          db.execute(
              "SELECT TIMESTAMPTZ '2026-05-01 10:00:00+02' AS tz, 42::UBIGINT AS u, "
                  + "7::UTINYINT AS t, 12345678901234567890::HUGEINT AS h, 1.5::FLOAT AS f, [1, 2] AS arr");
      assertThat(r.row(0).getInstant("tz")).isEqualTo(Instant.parse("2026-05-01T08:00:00Z"));
      assertThat(r.columns().get(1).type()).isEqualTo(ColumnType.DECIMAL);
      assertThat(r.row(0).getLong("u")).isEqualTo(42L);
      assertThat(r.row(0).get("t")).isEqualTo(7);
      assertThat(r.row(0).getBigDecimal("h")).isEqualByComparingTo("12345678901234567890");
      assertThat(r.row(0).get("f")).isEqualTo(1.5f);
      assertThat(r.columns().get(5).type()).isEqualTo(ColumnType.OTHER);
      assertThat(r.row(0).getString("arr")).isEqualTo("[1, 2]");
    }
  }

  @Test
  void execute_parameterOfUnsupportedType_namesTypeAndParameter() {
    try (DatabaseClient db = JdbcDatabaseClient.embedded()) {
      assertThatThrownBy(
              () -> db.execute(Query.builder("SELECT :x").param("x", new Object()).build()))
          .isInstanceOf(InvalidQueryException.class)
          .hasMessageContaining("'x'")
          .hasMessageContaining("java.lang.Object");
    }
  }

  @Test
  void builder_sourceTwiceOrNone_isRefused() {
    assertThatThrownBy(
            () -> JdbcDatabaseClient.builder().duckDbInMemory().url("jdbc:postgresql://h/db"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> JdbcDatabaseClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("duckDbInMemory()");
    assertThatThrownBy(() -> JdbcDatabaseClient.builder().url("postgresql://h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:");
  }

  @Test
  void closed_client_refusesQueries() {
    DatabaseClient db = JdbcDatabaseClient.embedded();
    db.close();
    db.close();
    assertThatThrownBy(() -> db.execute("SELECT 1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void embeddedDatabases_areIndependent() {
    try (DatabaseClient a = JdbcDatabaseClient.embedded();
        DatabaseClient b = JdbcDatabaseClient.embedded()) {
      a.execute("CREATE TABLE only_in_a (x INTEGER)");
      assertThat(a.execute("SELECT count(*) FROM only_in_a").row(0).getLong(0)).isZero();
      assertThatThrownBy(() -> b.execute("SELECT * FROM only_in_a"))
          .isInstanceOf(QueryFailedException.class);
    }
  }

  /**
   * A driver whose cancel returns only after the engine has failed the running statement, as
   * PostgreSQL's does when the cancel request wins the race: the cancelled future must still report
   * the cancellation, not the driver's error.
   */
  @Test
  @Timeout(30)
  void asyncCancel_winsOverTheDriverErrorItCauses() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<CompletableFuture<QueryResult>> running = new AtomicReference<>();
    InvocationHandler statement =
        (proxy, method, args) ->
            switch (method.getName()) {
              case "execute" -> {
                stopped.await();
                throw new SQLException("canceling statement due to user request", "57014");
              }
              case "cancel" -> {
                stopped.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!running.get().isDone() && System.nanoTime() < deadline) {
                  Thread.onSpinWait();
                }
                yield null;
              }
              default -> defaultValue(method.getReturnType());
            };
    InvocationHandler metaData =
        (proxy, method, args) ->
            method.getName().equals("getDatabaseProductName")
                ? "SlowEngine"
                : defaultValue(method.getReturnType());
    InvocationHandler connection =
        (proxy, method, args) ->
            switch (method.getName()) {
              case "prepareStatement" -> proxy(PreparedStatement.class, statement);
              case "getMetaData" -> proxy(DatabaseMetaData.class, metaData);
              default -> defaultValue(method.getReturnType());
            };
    DataSource dataSource =
        proxy(
            DataSource.class,
            (proxy, method, args) ->
                method.getName().equals("getConnection")
                    ? proxy(Connection.class, connection)
                    : defaultValue(method.getReturnType()));
    try (DatabaseClient db = JdbcDatabaseClient.builder().dataSource(dataSource).build()) {
      CompletableFuture<QueryResult> f = db.executeAsync(Query.of("SELECT slow()"));
      running.set(f);
      Thread.sleep(100); // let the worker reach execute()
      assertThat(f.cancel(true)).isTrue();
      assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
    }
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object defaultValue(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class || type == long.class) {
      return type == int.class ? (Object) 0 : (Object) 0L;
    }
    return null;
  }
}
