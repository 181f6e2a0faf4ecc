package dev.runway.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.RowStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ShadowDatabaseClientTest {

  private static DatabaseClient seeded(boolean candidate) {
    DatabaseClient db = JdbcDatabaseClient.embedded();
    db.execute(
        "CREATE TABLE items (id INTEGER, price DECIMAL(10,2), ts TIMESTAMP, code VARCHAR, qty INTEGER)");
    db.execute(
        "INSERT INTO items VALUES (1, 19.99, TIMESTAMP '2026-01-01 10:00:00.123456', 'AB', 2)");
    // a changed value on the candidate
    db.execute(
        "INSERT INTO items VALUES (2, "
            + (candidate ? "5.50" : "5.00")
            + ", TIMESTAMP '2026-01-02 10:00:00', 'CD', 3)");
    if (!candidate) {
      db.execute(
          "INSERT INTO items VALUES (3, 7.10, TIMESTAMP '2026-01-03 10:00:00', 'EF', 4)"); // dropped on the candidate
    }
    if (candidate) {
      // the candidate keeps milliseconds only, and pads CHAR values
      db.execute(
          "UPDATE items SET ts = TIMESTAMP '2026-01-01 10:00:00.123', code = 'AB   ' WHERE id = 1");
      // and averages integers to an integer, as Redshift does
      db.execute(
          "CREATE VIEW avg_qty AS SELECT CAST(avg(qty) AS BIGINT) AS a FROM items WHERE id IN (1, 2)");
    } else {
      db.execute("CREATE VIEW avg_qty AS SELECT avg(qty) AS a FROM items WHERE id IN (1, 2)");
    }
    return db;
  }

  @Test
  @Timeout(60)
  void report_findsExactlyTheRealDifferences_andForgivesExactlyTheDocumentedOnes()
      throws Exception {
    try (ShadowDatabaseClient shadow =
        ShadowDatabaseClient.builder(seeded(false), seeded(true))
            .recheckDelay(Duration.ZERO)
            .build()) {
      String value = "SELECT id, price FROM items WHERE id IN (1, 2) ORDER BY id";
      String dropped = "SELECT id FROM items";
      String micros = "SELECT id, ts FROM items WHERE id = 1";
      String padding = "SELECT code FROM items WHERE id = :id";
      String avg = "SELECT a FROM avg_qty";
      for (String sql : new String[] {value, dropped, micros, avg}) {
        shadow.execute(Query.of(sql));
      }
      QueryResult served = shadow.execute(Query.builder(padding).param("id", 1).build());
      assertThat(served.row(0).getString(0))
          .as("the caller gets the primary's answer")
          .isEqualTo("AB");
      assertThat(shadow.awaitIdle(Duration.ofSeconds(30))).isTrue();

      ShadowReport report = shadow.report();
      Map<String, ShadowReport.QueryReport> bySql =
          report.queries().stream()
              .collect(Collectors.toMap(ShadowReport.QueryReport::sql, Function.identity()));
      assertThat(bySql.get(value).persistentMismatches()).isEqualTo(1);
      assertThat(bySql.get(value).lastMismatch())
          .anyMatch(
              d ->
                  "price".equals(d.column())
                      && d.primary().equals("5.00")
                      && d.candidate().equals("5.50"));
      assertThat(bySql.get(dropped).persistentMismatches()).isEqualTo(1);
      assertThat(bySql.get(avg).persistentMismatches())
          .as("integer AVG is a real difference")
          .isEqualTo(1);
      assertThat(bySql.get(micros).matches()).isEqualTo(1);
      assertThat(bySql.get(micros).forgiven()).containsEntry("timestamp-precision", 1L);
      assertThat(bySql.get(padding).matches()).isEqualTo(1);
      assertThat(bySql.get(padding).forgiven()).containsEntry("char-padding", 1L);
      assertThat(report.allMatch()).isFalse();
      assertThat(report.toMarkdown()).contains("Mismatch", "price", "timestamp-precision");
      assertThat(report.toJson()).contains("\"persistentMismatches\" : 1", "\"allMatch\" : false");
    }
  }

  /** A candidate that hangs or fails on every query. */
  private static DatabaseClient broken(boolean hang) {
    return new DatabaseClient() {
      @Override
      public String engine() {
        return "broken";
      }

      @Override
      public QueryResult execute(Query query) {
        if (hang) {
          try {
            Thread.sleep(30_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        throw new IllegalStateException("candidate down");
      }

      @Override
      public RowStream stream(Query query) {
        throw new IllegalStateException("candidate down");
      }

      @Override
      public CompletableFuture<QueryResult> executeAsync(Query query) {
        return CompletableFuture.failedFuture(new IllegalStateException("candidate down"));
      }

      @Override
      public boolean cancel(String queryId) {
        return false;
      }

      @Override
      public void close() {}
    };
  }

  @Test
  @Timeout(20)
  void candidateThatHangsOrThrows_neverDelaysOrFailsTheCaller() throws Exception {
    for (boolean hang : new boolean[] {true, false}) {
      try (ShadowDatabaseClient shadow =
          ShadowDatabaseClient.builder(seeded(false), broken(hang)).executor(1, 2).build()) {
        for (int i = 0; i < 50; i++) {
          assertThat(shadow.execute(Query.of("SELECT count(*) FROM items")).row(0).getLong(0))
              .isEqualTo(3L);
        }
        if (!hang) {
          assertThat(shadow.awaitIdle(Duration.ofSeconds(10))).isTrue();
          assertThat(shadow.report().queries().get(0).candidateErrors()).isPositive();
        }
        assertThat(shadow.report().skipped())
            .as("busy or open-circuit runs are skipped, not queued")
            .isPositive();
      }
    }
  }

  @Test
  void optOutAndSampling_skipShadowRuns() throws Exception {
    try (ShadowDatabaseClient shadow =
        ShadowDatabaseClient.builder(seeded(false), seeded(true)).sampleRate(0).build()) {
      shadow.execute(Query.of("SELECT 1"));
      assertThat(shadow.report().queries()).isEmpty();
      assertThat(shadow.report().skipped()).isEqualTo(1);
    }
    try (ShadowDatabaseClient shadow =
        ShadowDatabaseClient.builder(seeded(false), seeded(true)).build()) {
      shadow.execute(Query.builder("SELECT 1").tags("no-shadow").build());
      assertThat(shadow.awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(shadow.report().queries()).isEmpty();
    }
  }
}
