package dev.runway.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.error.RunwayException;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.ColumnSpec;
import dev.runway.testkit.RecordingDatabaseClient;
import dev.runway.testkit.aws.AthenaFixture;
import dev.runway.testkit.aws.LocalS3;
import java.nio.file.Files;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Athena -> Parquet export through the real SDK against the protocol fixture and a local S3. */
class AthenaTableExportTest {

  @Test
  @DisplayName("Athena type names read into column specs")
  void typeNames() {
    assertThat(AthenaTableExport.spec("a", "decimal(12,2)"))
        .isEqualTo(new ColumnSpec("a", "decimal", 0, 12, 2));
    assertThat(AthenaTableExport.spec("a", "varchar(32)"))
        .isEqualTo(new ColumnSpec("a", "varchar", 32, 32, 0));
    assertThat(AthenaTableExport.spec("a", "timestamp(3)"))
        .isEqualTo(new ColumnSpec("a", "timestamp", 3, 3, 0));
    assertThat(AthenaTableExport.spec("a", "BIGINT"))
        .isEqualTo(new ColumnSpec("a", "bigint", 0, 0, 0));
  }

  @Test
  @DisplayName(
      "a partitioned export keeps the partition column in the files, counts rows per partition, lists the files; a second into the same place is refused")
  void export() throws Exception {
    try (LocalS3 s3 = new LocalS3();
        AthenaFixture fixture = new AthenaFixture();
        AthenaDatabaseClient athena =
            AthenaDatabaseClient.builder()
                .athenaClient(AthenaTestClients.athena(fixture, false))
                .outputLocation("s3://results/q/")
                .resultFetch(AthenaDatabaseClient.ResultFetch.API)
                .build()) {
      fixture.s3(s3);
      fixture.engine().database().execute("CREATE SCHEMA lake");
      fixture
          .engine()
          .database()
          .execute(
              "CREATE TABLE lake.orders AS SELECT i AS id, 'WH-' || (i % 3) AS warehouse "
                  + "FROM range(1, 31) t(i)");
      AthenaTableExport exporter =
          AthenaTableExport.on(
              athena,
              "s3://results/q/",
              uri -> {
                try {
                  return Files.readString(s3.path(uri));
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      AthenaTableExport.Export e =
          exporter.export("lake", "orders", "s3://lake/back/", "warehouse");
      assertThat(e.rows()).isEqualTo(30);
      assertThat(e.rowsByPartition())
          .containsEntry("WH-0", 10L)
          .containsEntry("WH-1", 10L)
          .hasSize(3);
      assertThat(e.files())
          .hasSize(3)
          .allMatch(f -> f.startsWith("s3://lake/back/orders/warehouse_partition=WH-"));
      assertThat(e.partitionColumn()).isEqualTo("warehouse");
      long inFiles =
          fixture
              .engine()
              .database()
              .execute(
                  "SELECT count(warehouse) FROM read_parquet('"
                      + s3.path("s3://lake/back/orders/")
                      + "/**/*.parquet', hive_partitioning = false)")
              .row(0)
              .getLong(0);
      assertThat(inFiles).as("the files hold the partition column itself").isEqualTo(30);
      assertThatThrownBy(() -> exporter.export("lake", "orders", "s3://lake/back/", "warehouse"))
          .isInstanceOf(RunwayException.class)
          .hasMessageContaining("HIVE_PATH_ALREADY_EXISTS");
    }
  }

  @Test
  @DisplayName(
      "names, locations and partition columns that could change the UNLOAD are refused before it runs")
  void guards() {
    RecordingDatabaseClient none = new RecordingDatabaseClient(JdbcDatabaseClient.embedded());
    AthenaTableExport x = AthenaTableExport.on(none, "s3://r/q/", uri -> "");
    assertThatThrownBy(() -> x.export("db; DROP", "t", "s3://b/p/", null))
        .hasMessageContaining("plain name");
    assertThatThrownBy(() -> x.export("db", "t", "s3://b/p' --/", null))
        .hasMessageContaining("s3://");
    assertThat(none.statements()).isEmpty();
    none.close();
  }
}
