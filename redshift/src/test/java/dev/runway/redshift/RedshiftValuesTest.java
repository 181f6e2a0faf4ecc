package dev.runway.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.ErrorCategory;
import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.redshiftdata.model.ColumnMetadata;
import software.amazon.awssdk.services.redshiftdata.model.Field;

/** Type mapping, field reading, parameter text, error classification and the Serverless estimate. */
class RedshiftValuesTest {

  private static Column col(String type, int precision, int scale) {
    return RedshiftValues.column(ColumnMetadata.builder().name("c").label("c").typeName(type)
        .precision(precision).scale(scale).build());
  }

  @ParameterizedTest
  @CsvSource({"int2,INTEGER", "int4,INTEGER", "int8,BIGINT", "numeric,DECIMAL", "float4,REAL", "float8,DOUBLE",
      "bool,BOOLEAN", "varchar,VARCHAR", "bpchar,VARCHAR", "text,VARCHAR", "date,DATE", "timestamp,TIMESTAMP",
      "timestamptz,TIMESTAMP_WITH_TIME_ZONE", "time,TIME", "varbyte,BINARY", "super,OTHER", "geometry,OTHER"})
  @DisplayName("ColumnMetadata type names map to ColumnType")
  void types(String redshift, ColumnType expected) {
    assertThat(col(redshift, 10, 2).type()).isEqualTo(expected);
  }

  @Test
  @DisplayName("typed fields read as the normalised Java types")
  void fields() {
    assertThat(RedshiftValues.value(col("int4", 0, 0), Field.builder().longValue(7L).build())).isEqualTo(7);
    assertThat(RedshiftValues.value(col("int8", 0, 0), Field.builder().longValue(7L).build())).isEqualTo(7L);
    assertThat(RedshiftValues.value(col("numeric", 10, 2), Field.builder().stringValue("5").build()))
        .isEqualTo(new BigDecimal("5.00"));
    assertThat(RedshiftValues.value(col("float8", 0, 0), Field.builder().doubleValue(0.5).build())).isEqualTo(0.5);
    assertThat(RedshiftValues.value(col("float4", 0, 0), Field.builder().doubleValue(0.25).build())).isEqualTo(0.25f);
    assertThat(RedshiftValues.value(col("bool", 0, 0), Field.builder().booleanValue(true).build())).isEqualTo(true);
    assertThat(RedshiftValues.value(col("date", 0, 0), Field.builder().stringValue("2026-01-02").build()))
        .isEqualTo(LocalDate.of(2026, 1, 2));
    assertThat(RedshiftValues.value(col("timestamp", 0, 0), Field.builder().stringValue("2026-01-02 03:04:05").build()))
        .isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 5));
    assertThat(RedshiftValues.value(col("timestamp", 0, 0), Field.builder().stringValue("2026-01-02 03:04:05.123456").build()))
        .isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 5, 123_456_000));
    assertThat(RedshiftValues.value(col("timestamptz", 0, 0), Field.builder().stringValue("2026-01-02 03:04:05+00").build()))
        .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(RedshiftValues.value(col("timestamptz", 0, 0), Field.builder().stringValue("2026-01-02 08:34:05.5+05:30").build()))
        .isEqualTo(Instant.parse("2026-01-02T03:04:05.5Z"));
    assertThat((byte[]) RedshiftValues.value(col("varbyte", 0, 0),
        Field.builder().blobValue(SdkBytes.fromByteArray(new byte[] {1, 2})).build())).containsExactly(1, 2);
    assertThat(RedshiftValues.value(col("varchar", 0, 0), Field.builder().isNull(true).build())).isNull();
    assertThat(RedshiftValues.value(col("varchar", 0, 0), Field.builder().stringValue("").build())).isEqualTo("");
  }

  @Test
  @DisplayName("a field that does not read names the column and type")
  void badField() {
    assertThatThrownBy(() -> RedshiftValues.value(col("date", 0, 0), Field.builder().stringValue("soon").build()))
        .hasMessageContaining("column c").hasMessageContaining("date");
  }

  @Test
  @DisplayName("parameter text: NULL and '' have none (they become SQL constants); others their plain form")
  void parameterText() {
    assertThat(RedshiftValues.text("p", null)).isNull();
    assertThat(RedshiftValues.text("p", "")).isNull();
    assertThat(RedshiftValues.text("p", " ")).isEqualTo(" ");
    assertThat(RedshiftValues.text("p", new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(RedshiftValues.text("p", LocalDateTime.of(2026, 1, 2, 3, 4, 5))).isEqualTo("2026-01-02 03:04:05.000000");
    assertThat(RedshiftValues.text("p", Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02 03:04:05.000000+00");
    assertThat(RedshiftValues.text("p", true)).isEqualTo("true");
    assertThatThrownBy(() -> RedshiftValues.text("when", new java.util.Date()))
        .hasMessageContaining("when").hasMessageContaining("java.util.Date");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ERROR: syntax error at or near \"SELEC\"|USER_ERROR",
      "ERROR: relation \"nope\" does not exist|USER_ERROR",
      "ERROR: permission denied for relation orders|USER_ERROR",
      "ERROR: column \"x\" does not exist in orders|USER_ERROR",
      "ERROR: 1023 DETAIL: Serializable isolation violation on table|TRANSIENT",
      "ERROR: could not connect to the leader node|TRANSIENT",
      "ERROR: Query (123) cancelled on user's request and canceling statement due to statement timeout|TIMEOUT",
      "ERROR: Assert|INTERNAL"})
  @DisplayName("statement error texts are classified")
  void errors(String text, ErrorCategory expected) {
    assertThat(RedshiftErrors.category(text)).isEqualTo(expected);
  }

  @Test
  @DisplayName("Serverless estimate: base RPU x duration (60 s minimum) x price per RPU-hour")
  void serverlessCost() {
    RedshiftServerlessCost c = new RedshiftServerlessCost(8, new BigDecimal("0.375"));
    assertThat(c.cost(Duration.ofMillis(200))).isEqualByComparingTo("0.05");
    assertThat(c.cost(Duration.ofSeconds(60))).isEqualByComparingTo("0.05");
    assertThat(c.cost(Duration.ofSeconds(120))).isEqualByComparingTo("0.10");
    assertThat(new RedshiftServerlessCost(128, new BigDecimal("0.36")).cost(Duration.ofHours(1)))
        .isEqualByComparingTo("46.08");
    assertThatThrownBy(() -> new RedshiftServerlessCost(0, BigDecimal.ONE)).hasMessageContaining("RPU");
  }
}
