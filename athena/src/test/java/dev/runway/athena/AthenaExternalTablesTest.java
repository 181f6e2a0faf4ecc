package dev.runway.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.ColumnSpec;
import dev.runway.testkit.RecordingDatabaseClient;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Redshift -> Glue type map and the DDL's guards. */
class AthenaExternalTablesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "smallint|0|0|0|smallint|false",
        "integer|0|0|0|int|false",
        "bigint|0|0|0|bigint|false",
        "numeric|0|18|2|decimal(18,2)|false",
        "DECIMAL(12,4)|0|0|0|decimal(12,4)|false",
        "real|0|0|0|float|false",
        "double precision|0|0|0|double|false",
        "boolean|0|0|0|boolean|false",
        "character|10|0|0|char(10)|false",
        "character|300|0|0|string|true",
        "character varying|256|0|0|string|false",
        "date|0|0|0|date|false",
        "timestamp without time zone|0|0|0|timestamp|false",
        "timestamp with time zone|0|0|0|timestamp|true",
        "super|0|0|0|string|true",
        "time without time zone|0|0|0|string|true",
        "varbyte|0|0|0|string|true",
        "geometry|0|0|0|string|true",
        "numeric|0|0|0|decimal(38,18)|true",
        "hyperloglog|0|0|0|string|true"
      })
  @DisplayName("Redshift types map to Glue types; each lossy mapping warns")
  void typeMap(String type, int length, int precision, int scale, String glue, boolean warns) {
    AthenaExternalTables.GlueType g =
        AthenaExternalTables.glueType(new ColumnSpec("c", type, length, precision, scale));
    assertThat(g.type()).isEqualTo(glue);
    assertThat(g.warning() != null).isEqualTo(warns);
    if (warns) {
      assertThat(g.warning()).contains("c (" + type + ")");
    }
  }

  @Test
  @DisplayName("names and locations that could change the DDL are refused before anything runs")
  void guards() {
    RecordingDatabaseClient none = new RecordingDatabaseClient(JdbcDatabaseClient.embedded());
    AthenaExternalTables t = AthenaExternalTables.on(none);
    List<ColumnSpec> cols = List.of(new ColumnSpec("id", "integer", 0, 0, 0));
    assertThatThrownBy(() -> t.create("db; DROP", "t", cols, "s3://b/p/", null))
        .hasMessageContaining("plain name");
    assertThatThrownBy(() -> t.create("db", "t", cols, "s3://b/p' --/", null))
        .hasMessageContaining("s3://");
    assertThatThrownBy(
            () ->
                t.create(
                    "db",
                    "t",
                    List.of(new ColumnSpec("a`b", "integer", 0, 0, 0)),
                    "s3://b/p/",
                    null))
        .hasMessageContaining("plain name");
    assertThat(none.statements()).as("every refusal came before any statement was sent").isEmpty();
    none.close();
  }
}
