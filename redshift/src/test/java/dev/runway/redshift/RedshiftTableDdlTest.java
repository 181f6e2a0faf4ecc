package dev.runway.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.query.ColumnSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedshiftTableDdlTest {

  private static ColumnSpec c(String name, String type) {
    return new ColumnSpec(name, type, 0, 0, 0);
  }

  @Test
  void athenaTypes_mapToRedshift_withAWarningForEachLoss() {
    assertThat(RedshiftTableDdl.redshiftType(c("a", "bigint")))
        .isEqualTo(new RedshiftTableDdl.RedshiftType("BIGINT", null));
    assertThat(RedshiftTableDdl.redshiftType(c("a", "decimal(12,2)")).type())
        .isEqualTo("DECIMAL(12,2)");
    assertThat(RedshiftTableDdl.redshiftType(c("a", "double")).type())
        .isEqualTo("DOUBLE PRECISION");
    assertThat(RedshiftTableDdl.redshiftType(c("a", "timestamp(3)")))
        .isEqualTo(new RedshiftTableDdl.RedshiftType("TIMESTAMP", null));
    assertThat(RedshiftTableDdl.redshiftType(new ColumnSpec("a", "timestamp", 0, 9, 0)).warning())
        .contains("microseconds");
    assertThat(RedshiftTableDdl.redshiftType(c("a", "timestamp(6) with time zone")).type())
        .isEqualTo("TIMESTAMPTZ");
    assertThat(RedshiftTableDdl.redshiftType(c("a", "tinyint")).warning()).contains("widened");
    assertThat(RedshiftTableDdl.redshiftType(c("a", "varchar")).type()).isEqualTo("VARCHAR(65535)");
    assertThat(RedshiftTableDdl.redshiftType(c("a", "string")).warning()).contains("bytes");
    assertThat(RedshiftTableDdl.redshiftType(c("a", "varchar(40)")).warning())
        .contains("bytes")
        .contains("10 characters");
    assertThat(RedshiftTableDdl.redshiftType(c("a", "array(varchar)")).type()).isEqualTo("SUPER");
    assertThat(RedshiftTableDdl.redshiftType(c("a", "decimal")).warning())
        .contains("DECIMAL(38,18)");
    assertThat(RedshiftTableDdl.redshiftType(c("a", "varbinary")).type()).isEqualTo("VARBYTE");
  }

  @Test
  void layout_suggestedBySeed002sRule_orGiven_orLeftToRedshift() {
    List<ColumnSpec> cols =
        List.of(
            c("stop_id", "bigint"),
            c("route_id", "bigint"),
            c("batch_timestamp", "timestamp(3)"),
            c("payload", "varchar"));
    RedshiftTableDdl.Layout s =
        RedshiftTableDdl.Layout.suggest(
            cols, List.of("missing", "stop_id"), List.of("route_id", "stop_id", "nope"));
    assertThat(s.distKey()).contains("stop_id");
    assertThat(s.sortKeys()).containsExactly("route_id", "stop_id", "batch_timestamp");
    String sql = RedshiftTableDdl.createTable("analytics", "vehicles", cols, s).sql();
    assertThat(sql)
        .startsWith("CREATE TABLE IF NOT EXISTS \"analytics\".\"vehicles\" (")
        .contains("\"stop_id\" BIGINT")
        .contains("\"batch_timestamp\" TIMESTAMP")
        .contains("\"payload\" VARCHAR(65535)")
        .endsWith(
            ") DISTSTYLE KEY DISTKEY (\"stop_id\") COMPOUND SORTKEY (\"route_id\", \"stop_id\", \"batch_timestamp\") "
                + "ENCODE AUTO");
    assertThat(RedshiftTableDdl.createTable("a", "t", cols, RedshiftTableDdl.Layout.auto()).sql())
        .endsWith(") DISTSTYLE AUTO SORTKEY AUTO ENCODE AUTO");
    assertThat(RedshiftTableDdl.Layout.suggest(cols, List.of(), List.of()).reason())
        .contains("DISTSTYLE AUTO");
  }

  @Test
  void badNamesAndKeysThatAreNotColumns_areRefusedBeforeAnythingRuns() {
    List<ColumnSpec> cols = List.of(c("id", "bigint"));
    assertThatThrownBy(
            () ->
                RedshiftTableDdl.createTable(
                    "a", "t", cols, RedshiftTableDdl.Layout.of("nope", List.of())))
        .hasMessageContaining("DISTKEY nope is not a column")
        .hasMessageContaining("[id]");
    assertThatThrownBy(
            () ->
                RedshiftTableDdl.createTable(
                    "a", "t", cols, RedshiftTableDdl.Layout.of(null, List.of("x"))))
        .hasMessageContaining("SORTKEY x");
    assertThatThrownBy(
            () ->
                RedshiftTableDdl.createTable(
                    "a", "t\"; DROP TABLE x; --", cols, RedshiftTableDdl.Layout.auto()))
        .hasMessageContaining("not a plain name");
    assertThatThrownBy(
            () ->
                RedshiftTableDdl.createTable(
                    "a", "t", List.of(c("x y", "int")), RedshiftTableDdl.Layout.auto()))
        .hasMessageContaining("not a plain name");
  }
}
