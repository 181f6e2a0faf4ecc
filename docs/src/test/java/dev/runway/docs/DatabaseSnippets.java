package dev.runway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.athena.AthenaDatabaseClient;
import dev.runway.core.Runway;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.Row;
import dev.runway.core.query.RowStream;
import dev.runway.redshift.RedshiftClients;
import dev.runway.testkit.aws.AthenaFixture;
import dev.runway.testkit.aws.RedshiftDataFixture;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of guides/database.md, run on embedded DuckDB and the AWS protocol fixtures. */
class DatabaseSnippets extends LocalAwsCredentials {

  @Test
  void query() {
    try (Runway rw = Runway.local()) {
      rw.rawDatabase()
          .execute(
              "CREATE TABLE warehouse_product AS SELECT 'WH-03' AS warehouse_id, "
                  + "CAST(i AS BIGINT) AS product_id, i AS quantity_on_hand, 5 AS reorder_point FROM range(10) t(i)");
      rw.rawDatabase()
          .execute("CREATE TABLE sales_order_line AS SELECT i AS line_id FROM range(1000) t(i)");
      List<Long> ids = new ArrayList<>();
      long streamed = 0;
      // spotless:off (a documentation snippet: formatted for reading, see DocsTest)
      // tag::query[]
      Query q = Query.builder("""
              SELECT wp.product_id, wp.quantity_on_hand, wp.reorder_point
              FROM warehouse_product wp
              WHERE wp.warehouse_id = :warehouse AND wp.quantity_on_hand < wp.reorder_point""")
          .param("warehouse", "WH-03")          // bound by the engine, never spliced into the SQL
          .timeout(Duration.ofSeconds(30))      // cancels the statement on the engine when it passes
          .maxRows(1_000)
          .label("wm.below-reorder")            // for logs, statistics and cost reports
          .cacheScope("Warehouse Manager")      // separates cache entries per persona
          .build();
      QueryResult r = rw.database().execute(q);
      for (Row row : r) {
        long id = row.getLong("product_id");    // by name (case-insensitive) or index
        ids.add(id);
      }
      boolean cached = r.stats().fromCache();   // and executionTime(), queryId(), bytesScanned(), ...

      try (RowStream rows = rw.rawDatabase().stream(Query.of("SELECT * FROM sales_order_line"))) {
        for (Row row : rows) {                  // constant memory, however many rows
          streamed++;
        }
      }
      // end::query[]
      // spotless:on
      assertThat(ids).containsExactly(0L, 1L, 2L, 3L, 4L);
      assertThat(cached).isFalse();
      assertThat(rw.database().execute(q).stats().fromCache()).isTrue();
      assertThat(streamed).isEqualTo(1000);
    }
  }

  @Test
  void files(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data/product"));
    Path exports = Files.createDirectories(dir.resolve("exports"));
    Files.writeString(
        exports.resolve("sales_order_header.csv"), "order_id,customer\n1,acme\n2,globex\n");
    try (Runway rw = Runway.builder().database(JdbcDatabaseClient.embedded()).build()) {
      rw.rawDatabase()
          .execute(
              "COPY (SELECT i AS product_id, 'cat' || (i % 3) AS category FROM range(30) t(i)) TO '"
                  + data.resolve("part-0.parquet")
                  + "' (FORMAT PARQUET)");
      String root = dir + "/";
      // spotless:off (a documentation snippet: formatted for reading, see DocsTest)
      // tag::files[]
      rw.database().execute("SELECT category, count(*) FROM read_parquet('" + root + "data/product/*.parquet') GROUP BY 1");
      rw.database().execute("SELECT * FROM read_csv('" + root + "exports/sales_order_header.csv')");
      rw.rawDatabase().execute("CREATE VIEW product AS SELECT * FROM read_parquet('" + root + "data/product/*.parquet')");
      // end::files[]
      // spotless:on
      assertThat(
              rw.database().execute("SELECT count(*) AS n FROM product").rows().get(0).getLong("n"))
          .isEqualTo(30L);
      assertThat(
              rw.database()
                  .execute("SELECT * FROM read_csv('" + root + "exports/sales_order_header.csv')")
                  .rows())
          .hasSize(2);
    }
  }

  @Test
  void athena() {
    try (AthenaFixture fixture = new AthenaFixture()) {
      URI endpoint = fixture.endpoint();
      // spotless:off (a documentation snippet: formatted for reading, see DocsTest)
      // tag::athena[]
      DatabaseClient athena = AthenaDatabaseClient.builder()
          .region("eu-west-1").database("supply_chain").workgroup("analytics")
          .outputLocation("s3://my-athena-results/runway/")
          .resultReuse(Duration.ofMinutes(15))              // Athena's own result reuse; off by default
          .endpoint(endpoint)                               // a local stand-in here; leave out for AWS
          .build();                                         // or .athenaClient(yours), .s3Client(yours)
      // end::athena[]
      // spotless:on
      try (athena) {
        assertThat(athena.execute(Query.of("SELECT 42 AS answer")).rows().get(0).getLong("answer"))
            .isEqualTo(42L);
        assertThat(fixture.calls("StartQueryExecution")).isEqualTo(1);
      }
    }
  }

  @Test
  void redshift() {
    try (RedshiftDataFixture fixture = new RedshiftDataFixture()) {
      URI endpoint = fixture.endpoint();
      // spotless:off (a documentation snippet: formatted for reading, see DocsTest)
      // tag::redshift[]
      DatabaseClient serverless = RedshiftClients.dataApi()       // Data API: HTTPS + IAM
          .workgroup("analytics").database("dev").region("eu-west-1").endpoint(endpoint).build();
      DatabaseClient cluster = RedshiftClients.dataApi()
          .cluster("prod-cluster", "analyst", null).database("dev")   // db user or secret ARN
          .region("eu-west-1").endpoint(endpoint).build();
      DatabaseClient jdbc = RedshiftClients.jdbc()                // JDBC: lower latency per query
          .url("jdbc:redshift://prod.abc123.eu-west-1.redshift.amazonaws.com:5439/dev")
          .user("analyst").password(System.getenv().getOrDefault("REDSHIFT_PASSWORD", "not-used-here")).build();
      // end::redshift[]
      // spotless:on
      try (serverless;
          cluster;
          jdbc) {
        assertThat(serverless.execute(Query.of("SELECT 1 AS one")).rows()).hasSize(1);
        assertThat(cluster.execute(Query.of("SELECT 2 AS two")).rows()).hasSize(1);
        assertThat(fixture.calls("ExecuteStatement")).isEqualTo(2);
        assertThat(jdbc.engine()).isEqualTo("redshift");
      }
    }
  }
}
