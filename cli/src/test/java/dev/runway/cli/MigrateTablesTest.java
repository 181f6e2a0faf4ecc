package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.athena.AthenaDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.migrate.TableValidator;
import dev.runway.redshift.RedshiftClients;
import dev.runway.testkit.aws.AthenaFixture;
import dev.runway.testkit.aws.LocalS3;
import dev.runway.testkit.aws.RedshiftDataFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table migration end to end through the Redshift Data API and Athena protocol fixtures sharing a
 * local S3: UNLOAD to Parquet with a manifest, Glue database and external tables through Athena
 * DDL, validation; then a dropped row is caught.
 */
class MigrateTablesTest {

  private static int run(PrintStream out, String... args) {
    PrintStream old = System.out;
    System.setOut(out);
    try {
      return RunwayCommand.execute(args);
    } finally {
      System.setOut(old);
    }
  }

  /**
   * The Redshift Data API and Athena protocol fixtures sharing one local S3, a runway.yaml for
   * each, and local credentials for the SDK; closing stops them and clears the credentials.
   */
  private record Lake(
      LocalS3 s3, RedshiftDataFixture redshift, AthenaFixture athena, Path rsYaml, Path atYaml)
      implements AutoCloseable {

    static Lake open(Path dir) throws Exception {
      System.setProperty("aws.accessKeyId", "local");
      System.setProperty("aws.secretAccessKey", "local");
      LocalS3 s3 = new LocalS3();
      RedshiftDataFixture redshift = new RedshiftDataFixture();
      AthenaFixture athena = new AthenaFixture();
      redshift.s3(s3);
      athena.s3(s3);
      Path rsYaml = dir.resolve("redshift.yaml");
      Files.writeString(
          rsYaml,
          "database: { type: redshift, redshift: { region: us-east-1, endpoint: \""
              + redshift.endpoint()
              + "\", database: dev, workgroup: wg, poll-initial: 10ms } }\n");
      Path atYaml = dir.resolve("athena.yaml");
      Files.writeString(
          atYaml,
          "database: { type: athena, athena: { region: us-east-1, endpoint: \""
              + athena.endpoint()
              + "\", s3-endpoint: \""
              + athena.endpoint()
              + "\", output-location: \"s3://results/q/\", result-fetch: api, "
              + "poll-initial: 10ms } }\n");
      return new Lake(s3, redshift, athena, rsYaml, atYaml);
    }

    @Override
    public void close() throws Exception {
      try (s3;
          redshift;
          athena) {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
      }
    }
  }

  @Test
  @DisplayName(
      "migrate-tables moves two tables (one partitioned) to Athena and validates them; a re-run resumes")
  void redshiftToAthena(@TempDir Path dir) throws Exception {
    try (Lake lake = Lake.open(dir)) {
      LocalS3 s3 = lake.s3();
      RedshiftDataFixture redshift = lake.redshift();
      AthenaFixture athena = lake.athena();
      Path rsYaml = lake.rsYaml();
      Path atYaml = lake.atYaml();
      DatabaseClient source = redshift.engine().database();
      source.execute("CREATE SCHEMA public");
      source.execute(
          "CREATE TABLE public.orders AS SELECT i AS id, 'WH-' || (i % 3) AS warehouse, "
              + "CAST(i * 1.5 AS DECIMAL(12,2)) AS amount, TIMESTAMP '2026-01-01' + INTERVAL (i) HOUR AS placed "
              + "FROM range(1, 2001) t(i)");
      source.execute(
          "CREATE TABLE public.product AS SELECT i AS id, 'P' || i AS name, i % 2 = 0 AS active "
              + "FROM range(1, 101) t(i)");
      Path state = dir.resolve("state.properties");
      Path report = dir.resolve("report.json");
      String[] args = {
        "migrate-tables",
        "--redshift",
        rsYaml.toString(),
        "--athena",
        atYaml.toString(),
        "--tables",
        "orders,product",
        "--athena-database",
        "analytics",
        "--s3-prefix",
        "s3://lake/exports/",
        "--iam-role",
        "arn:aws:iam::123456789012:role/RedshiftUnload",
        "--partition",
        "orders=warehouse",
        "--s3-endpoint",
        athena.endpoint().toString(),
        "--state",
        state.toString(),
        "--report",
        report.toString()
      };
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code = run(new PrintStream(out, true, StandardCharsets.UTF_8), args);
      String printed = out.toString(StandardCharsets.UTF_8);
      assertThat(code).as(printed).isZero();
      assertThat(printed)
          .contains("orders: 2000 rows in 3 files")
          .contains("product: 100 rows in 1 files")
          .contains("**PASSED**");
      assertThat(Files.readString(report)).contains("\"passed\" : true");
      assertThat(Files.exists(s3.path("s3://lake/exports/orders/manifest"))).isTrue();
      assertThat(athena.calls("StartQueryExecution")).isGreaterThan(4);

      // a re-run with the state file exports nothing again
      long unloads = redshift.calls("ExecuteStatement");
      assertThat(
              run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), args))
          .isZero();
      assertThat(redshift.calls("ExecuteStatement") - unloads).isEqualTo(0);

      // a row lost on the way is caught
      source.execute("DELETE FROM public.orders WHERE id = 1234");
      try (var rs =
              RedshiftClients.dataApi()
                  .region("us-east-1")
                  .endpoint(redshift.endpoint())
                  .database("dev")
                  .workgroup("wg")
                  .build();
          var at =
              AthenaDatabaseClient.builder()
                  .region("us-east-1")
                  .endpoint(athena.endpoint())
                  .outputLocation("s3://results/v/")
                  .resultFetch(AthenaDatabaseClient.ResultFetch.API)
                  .build()) {
        TableValidator.Report r =
            TableValidator.between(rs, at)
                .partitionedBy("public.orders", "warehouse")
                .validate(Map.of("public.orders", "analytics.orders"), t -> {});
        assertThat(r.passed()).isFalse();
        assertThat(r.tables().get(0).differences())
            .extracting(TableValidator.Check::what)
            .contains("row count", "id: sum");

        // and back (the seed's phase 4): COPY the Parquet files into a Redshift table, validate
        // against Athena
        source.execute(
            "CREATE TABLE public.product_back AS SELECT * FROM public.product WHERE false");
        new dev.runway.redshift.RedshiftTableTransfer(
                rs, "arn:aws:iam::123456789012:role/RedshiftCopy", uri -> "")
            .importParquet("public", "product_back", "s3://lake/exports/product/");
        TableValidator.Report back =
            TableValidator.between(at, rs)
                .validate(Map.of("analytics.product", "public.product_back"), t -> {});
        assertThat(back.passed()).as(back.toMarkdown()).isTrue();
        assertThat(back.tables().get(0).targetRows()).isEqualTo(100);
      }
    }
  }

  @Test
  @DisplayName(
      "round trip Redshift -> Athena -> Redshift on a partitioned table keeps every column; layout, manifest, resume")
  void partitionedRoundTrip(@TempDir Path dir) throws Exception {
    try (Lake lake = Lake.open(dir)) {
      LocalS3 s3 = lake.s3();
      RedshiftDataFixture redshift = lake.redshift();
      AthenaFixture athena = lake.athena();
      Path rsYaml = lake.rsYaml();
      Path atYaml = lake.atYaml();
      athena.engine().database().execute("CREATE SCHEMA IF NOT EXISTS results");
      DatabaseClient source = redshift.engine().database();
      source.execute("CREATE SCHEMA public");
      source.execute(
          "CREATE TABLE public.orders AS SELECT i AS order_id, 'WH-' || (i % 4) AS warehouse, "
              + "i % 97 AS supplier_id, CAST(i * 1.25 AS DECIMAL(12,2)) AS amount, "
              + "TIMESTAMP '2026-01-01' + INTERVAL (i) MINUTE AS placed, CASE WHEN i % 10 = 0 THEN NULL ELSE 'note ' || i END AS note "
              + "FROM range(1, 1201) t(i)");
      String role = "arn:aws:iam::123456789012:role/RedshiftTransfer";

      // there: UNLOAD ... PARTITION BY (warehouse) INCLUDE, external table partitioned by warehouse
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int there =
          run(
              new PrintStream(out, true, StandardCharsets.UTF_8),
              "migrate-tables",
              "--redshift",
              rsYaml.toString(),
              "--athena",
              atYaml.toString(),
              "--tables",
              "orders",
              "--athena-database",
              "lake",
              "--s3-prefix",
              "s3://lake/out/",
              "--iam-role",
              role,
              "--partition",
              "orders=warehouse",
              "--s3-endpoint",
              athena.endpoint().toString());
      assertThat(there).as(out.toString(StandardCharsets.UTF_8)).isZero();
      // INCLUDE: Redshift's files carry the partition column themselves, not only in their paths
      assertThat(
              athena
                  .engine()
                  .database()
                  .execute(
                      "SELECT count(*) FROM read_parquet('"
                          + s3.path("s3://lake/out/orders/")
                          + "/**/*.parquet', hive_partitioning = false) WHERE warehouse LIKE 'WH-%'")
                  .row(0)
                  .getLong(0))
          .isEqualTo(1200L);

      // and back: Athena UNLOAD partitioned, CREATE TABLE with the suggested layout, COPY,
      // validation
      Path state = dir.resolve("back.properties");
      Path manifest = dir.resolve("manifest.json");
      String[] back = {
        "migrate-tables",
        "--direction",
        "athena-to-redshift",
        "--redshift",
        rsYaml.toString(),
        "--athena",
        atYaml.toString(),
        "--schema",
        "back",
        "--tables",
        "orders",
        "--athena-database",
        "lake",
        "--s3-prefix",
        "s3://lake/back/",
        "--iam-role",
        role,
        "--partition",
        "orders=warehouse",
        "--join-keys",
        "supplier_id",
        "--filter-columns",
        "warehouse",
        "--s3-endpoint",
        athena.endpoint().toString(),
        "--state",
        state.toString(),
        "--manifest",
        manifest.toString()
      };
      out.reset();
      int code = run(new PrintStream(out, true, StandardCharsets.UTF_8), back);
      String printed = out.toString(StandardCharsets.UTF_8);
      assertThat(code).as(printed).isZero();
      assertThat(printed)
          .contains("orders: 1200 rows in 4 files (4 partitions of warehouse)")
          .contains("DISTKEY supplier_id (join key)")
          .contains("SORTKEY (warehouse, placed)")
          .contains("**PASSED**");
      assertThat(redshift.tableAttributes())
          .contains(
              "DISTSTYLE KEY DISTKEY (\"supplier_id\") COMPOUND SORTKEY (\"warehouse\", \"placed\") ENCODE AUTO");
      assertThat(Files.readString(manifest))
          .contains("\"rows\" : 1200")
          .contains("\"WH-1\" : 300")
          .contains("s3://lake/back/orders/warehouse_partition=WH-1/");

      // every column of the original against the copy that went there and back
      try (var rs =
          RedshiftClients.dataApi()
              .region("us-east-1")
              .endpoint(redshift.endpoint())
              .database("dev")
              .workgroup("wg")
              .build()) {
        TableValidator.Report r =
            TableValidator.between(rs, rs)
                .partitionedBy("public.orders", "warehouse")
                .validate(Map.of("public.orders", "back.orders"), t -> {});
        assertThat(r.passed()).as(r.toMarkdown()).isTrue();
        assertThat(r.tables().get(0).targetRows()).isEqualTo(1200);
        assertThat(r.tables().get(0).checks())
            .extracting(TableValidator.Check::what)
            .contains(
                "note: nulls",
                "note: max",
                "placed: min",
                "placed: max",
                "amount: sum",
                "warehouse: nulls",
                "supplier_id: sum",
                "order_id: sum");
      }

      // a re-run resumes: nothing is exported, created or copied again
      long statements = redshift.calls("ExecuteStatement");
      long athenaQueries = athena.calls("StartQueryExecution");
      assertThat(
              run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), back))
          .isZero();
      assertThat(redshift.calls("ExecuteStatement")).isEqualTo(statements);
      assertThat(athena.calls("StartQueryExecution")).isEqualTo(athenaQueries);
    }
  }

  @Test
  @DisplayName(
      "without INCLUDE a partitioned UNLOAD loses its partition column, and COPY back fails on it")
  void partitionColumnOnlyInPaths_failsTheCopyBack() throws Exception {
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    try (LocalS3 s3 = new LocalS3();
        RedshiftDataFixture redshift = new RedshiftDataFixture()) {
      redshift.s3(s3);
      DatabaseClient db = redshift.engine().database();
      db.execute("CREATE SCHEMA public");
      db.execute(
          "CREATE TABLE public.t AS SELECT i AS id, 'P' || (i % 2) AS p FROM range(1, 11) t(i)");
      db.execute("CREATE TABLE public.t_back AS SELECT * FROM public.t WHERE false");
      try (var rs =
          RedshiftClients.dataApi()
              .region("us-east-1")
              .endpoint(redshift.endpoint())
              .database("dev")
              .workgroup("wg")
              .build()) {
        rs.execute(
            "UNLOAD ('SELECT * FROM public.t') TO 's3://lake/paths-only/' IAM_ROLE "
                + "'arn:aws:iam::123456789012:role/R' FORMAT AS PARQUET PARTITION BY (p)");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () ->
                    new dev.runway.redshift.RedshiftTableTransfer(
                            rs, "arn:aws:iam::123456789012:role/R", uri -> "")
                        .importParquet("public", "t_back", "s3://lake/paths-only/"))
            .isInstanceOf(dev.runway.core.error.RunwayException.class);
      }
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  @DisplayName("the dry run prints the plan and sends nothing")
  void dryRun() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            "migrate-tables",
            "--redshift",
            "r.yaml",
            "--athena",
            "a.yaml",
            "--tables",
            "orders",
            "--athena-database",
            "analytics",
            "--s3-prefix",
            "s3://lake/exports/",
            "--iam-role",
            "arn:aws:iam::123456789012:role/R",
            "--dry-run");
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("would UNLOAD public.orders to s3://lake/exports/orders/");
    assertThat(List.of(code)).containsExactly(0);
  }
}
