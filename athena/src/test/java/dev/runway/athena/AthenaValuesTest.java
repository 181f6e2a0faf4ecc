package dev.runway.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.InvalidQueryException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.athena.model.ColumnInfo;

/** Type mapping, value parsing, parameter literals, cost and the result CSV reader. */
class AthenaValuesTest {

  private static Column col(String type, int precision, int scale) {
    return AthenaValues.column(
        ColumnInfo.builder()
            .name("c")
            .label("c")
            .type(type)
            .precision(precision)
            .scale(scale)
            .build());
  }

  @ParameterizedTest
  @CsvSource({
    "varchar,VARCHAR",
    "char,VARCHAR",
    "boolean,BOOLEAN",
    "tinyint,INTEGER",
    "smallint,INTEGER",
    "integer,INTEGER",
    "bigint,BIGINT",
    "double,DOUBLE",
    "real,REAL",
    "float,REAL",
    "decimal,DECIMAL",
    "date,DATE",
    "timestamp,TIMESTAMP",
    "timestamp with time zone,TIMESTAMP_WITH_TIME_ZONE",
    "time,TIME",
    "varbinary,BINARY",
    "array,OTHER",
    "map,OTHER",
    "row,OTHER",
    "json,OTHER"
  })
  @DisplayName("ColumnInfo types map to ColumnType")
  void types(String athena, ColumnType expected) {
    assertThat(col(athena, 10, 2).type()).isEqualTo(expected);
  }

  @Test
  @DisplayName("values parse to the normalised Java types; NULL and '' stay distinct")
  void parse() {
    assertThat(AthenaValues.parse(col("decimal", 10, 2), "5.00")).isEqualTo(new BigDecimal("5.00"));
    assertThat(AthenaValues.parse(col("decimal", 10, 2), "5")).isEqualTo(new BigDecimal("5.00"));
    assertThat(AthenaValues.parse(col("bigint", 0, 0), "-9000000000")).isEqualTo(-9_000_000_000L);
    assertThat(AthenaValues.parse(col("integer", 0, 0), "7")).isEqualTo(7);
    assertThat(AthenaValues.parse(col("double", 0, 0), "NaN")).isEqualTo(Double.NaN);
    assertThat(AthenaValues.parse(col("boolean", 0, 0), "true")).isEqualTo(true);
    assertThat(AthenaValues.parse(col("date", 0, 0), "2026-03-04"))
        .isEqualTo(LocalDate.of(2026, 3, 4));
    assertThat(AthenaValues.parse(col("timestamp", 0, 0), "2026-03-04 05:06:07.123"))
        .isEqualTo(LocalDateTime.of(2026, 3, 4, 5, 6, 7, 123_000_000));
    assertThat(
            AthenaValues.parse(
                col("timestamp with time zone", 0, 0), "2026-03-04 05:06:07.000 UTC"))
        .isEqualTo(Instant.parse("2026-03-04T05:06:07Z"));
    assertThat(
            AthenaValues.parse(
                col("timestamp with time zone", 0, 0), "2026-03-04 06:06:07.000 Europe/Berlin"))
        .isEqualTo(Instant.parse("2026-03-04T05:06:07Z"));
    assertThat(AthenaValues.parse(col("time", 0, 0), "05:06:07.500"))
        .isEqualTo(LocalTime.of(5, 6, 7, 500_000_000));
    assertThat((byte[]) AthenaValues.parse(col("varbinary", 0, 0), "00 01 ff"))
        .containsExactly(0, 1, -1);
    assertThat(AthenaValues.parse(col("array", 0, 0), "[1, 2]")).isEqualTo("[1, 2]");
    assertThat(AthenaValues.parse(col("varchar", 0, 0), null)).isNull();
    assertThat(AthenaValues.parse(col("varchar", 0, 0), "")).isEqualTo("");
  }

  @Test
  @DisplayName("a value that does not parse names the column and its type")
  void parse_badValue() {
    assertThatThrownBy(() -> AthenaValues.parse(col("bigint", 0, 0), "twelve"))
        .hasMessageContaining("column c")
        .hasMessageContaining("bigint")
        .hasMessageContaining("twelve");
  }

  @Test
  @DisplayName("parameters become single typed literals; quotes are doubled")
  void literals() {
    assertThat(AthenaValues.literal("p", null)).isEqualTo("NULL");
    assertThat(AthenaValues.literal("p", "O'Brien")).isEqualTo("'O''Brien'");
    assertThat(AthenaValues.literal("p", "x'; DROP TABLE t; --"))
        .isEqualTo("'x''; DROP TABLE t; --'");
    assertThat(AthenaValues.literal("p", 42)).isEqualTo("42");
    assertThat(AthenaValues.literal("p", new BigDecimal("7.00"))).isEqualTo("DECIMAL '7.00'");
    assertThat(AthenaValues.literal("p", 0.5)).isEqualTo("0.5E0");
    assertThat(AthenaValues.literal("p", 1e300)).isEqualTo("1.0E300");
    assertThat(AthenaValues.literal("p", true)).isEqualTo("true");
    assertThat(AthenaValues.literal("p", LocalDate.of(2026, 1, 2))).isEqualTo("DATE '2026-01-02'");
    assertThat(AthenaValues.literal("p", LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6000)))
        .isEqualTo("TIMESTAMP '2026-01-02 03:04:05.000006'");
    assertThat(AthenaValues.literal("p", Instant.parse("2026-01-02T03:04:05Z")))
        .isEqualTo("TIMESTAMP '2026-01-02 03:04:05.000000 UTC'");
    assertThat(AthenaValues.literal("p", new byte[] {0, 15, -1})).isEqualTo("X'000fff'");
    UUID u = UUID.randomUUID();
    assertThat(AthenaValues.literal("p", u)).isEqualTo("'" + u + "'");
  }

  @Test
  @DisplayName("values without an Athena literal are refused, naming the parameter")
  void literals_refused() {
    assertThatThrownBy(() -> AthenaValues.literal("ratio", Double.NaN))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("ratio");
    assertThatThrownBy(() -> AthenaValues.literal("when", new java.util.Date()))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("when")
        .hasMessageContaining("java.util.Date");
  }

  @Test
  @DisplayName(
      "cost: rounded up to a MB, 10 MB minimum, $5 per TB; DDL, failures and reuse are free")
  void cost() {
    AthenaCost c = new AthenaCost(AthenaCost.DEFAULT_PRICE_PER_TB);
    assertThat(AthenaCost.billedBytes(0)).isZero();
    assertThat(AthenaCost.billedBytes(1)).isEqualTo(10L << 20);
    assertThat(AthenaCost.billedBytes((10L << 20) + 1)).isEqualTo(11L << 20);
    assertThat(c.cost(1L << 40, "DML", true, false)).isEqualByComparingTo("5.00");
    assertThat(c.cost(100L << 30, "DML", true, false)).isEqualByComparingTo("0.48828125");
    assertThat(c.cost(1, "DML", true, false)).isEqualByComparingTo("0.00004768");
    assertThat(c.cost(1L << 40, "DDL", true, false)).isZero();
    assertThat(c.cost(1L << 40, "DML", false, false)).isZero();
    assertThat(c.cost(1L << 40, "DML", true, true)).isZero();
    assertThat(new AthenaCost(new BigDecimal("6.75")).cost(1L << 40, "DML", true, false))
        .isEqualByComparingTo("6.75");
    assertThatThrownBy(() -> new AthenaCost(new BigDecimal("-1")))
        .hasMessageContaining("pricePerTb");
  }

  @Test
  @DisplayName(
      "the result CSV reader keeps NULL apart from '', handles quotes, commas and newlines")
  void csv() {
    CsvRecords r =
        new CsvRecords(
            new StringReader(
                "\"a\",\"b\",\"c\"\n\"1\",,\"\"\n\"say \"\"hi\"\"\",\"x,y\",\"two\nlines\"\r\n,\"\",\n"));
    assertThat(r.next()).containsExactly("a", "b", "c");
    assertThat(r.next()).containsExactly("1", null, "");
    assertThat(r.next()).containsExactly("say \"hi\"", "x,y", "two\nlines");
    assertThat(r.next()).containsExactly(null, "", null);
    assertThat(r.next()).isNull();
  }

  @Test
  @DisplayName("a CSV cut inside a quoted value is an error, not a silent short row")
  void csv_truncated() {
    CsvRecords r = new CsvRecords(new StringReader("\"a\",\"unterminated"));
    assertThatThrownBy(r::next).hasMessageContaining("quoted");
  }

  @Test
  @DisplayName("s3:// locations split into bucket and key")
  void s3Location() {
    var loc = AthenaEngine.S3Location.parse("s3://bucket/a/b/q.csv");
    assertThat(loc.bucket()).isEqualTo("bucket");
    assertThat(loc.key()).isEqualTo("a/b/q.csv");
    assertThatThrownBy(() -> AthenaEngine.S3Location.parse("https://x/y"))
        .hasMessageContaining("s3://");
  }
}
