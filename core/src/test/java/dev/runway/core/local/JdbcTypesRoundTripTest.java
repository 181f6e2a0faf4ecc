package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.InvalidQueryException;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Java type a parameter may have, bound on embedded DuckDB and read back through the engine's
 * own type; every column type read back with and without a value.
 */
class JdbcTypesRoundTripTest {

  private static JdbcDatabaseClient db;

  @BeforeAll
  static void open() {
    db = JdbcDatabaseClient.builder().duckDbInMemory().build();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static Object echo(String sqlType, Object value) {
    Map<String, Object> p = new HashMap<>();
    p.put("v", value);
    QueryResult r = db.execute(Query.of("SELECT CAST(:v AS " + sqlType + ") AS v", p));
    return r.rows().get(0).get(0);
  }

  @Test
  void everyParameterType_isBoundAsItself() {
    assertThat(echo("VARCHAR", "ü€ text")).isEqualTo("ü€ text");
    assertThat(echo("INTEGER", 42)).isEqualTo(42);
    assertThat(echo("BIGINT", 5_000_000_000L)).isEqualTo(5_000_000_000L);
    assertThat(echo("SMALLINT", (short) -7)).isEqualTo(-7);
    assertThat(echo("TINYINT", (byte) 9)).isEqualTo(9);
    assertThat(echo("DECIMAL(12,3)", new BigDecimal("123456789.125")))
        .isEqualTo(new BigDecimal("123456789.125"));
    assertThat(echo("DECIMAL(38,0)", new BigInteger("123456789012345678901234567890")))
        .isEqualTo(new BigDecimal("123456789012345678901234567890"));
    assertThat(echo("DOUBLE", 0.1)).isEqualTo(0.1);
    assertThat(echo("REAL", 1.5f)).isEqualTo(1.5f);
    assertThat(echo("BOOLEAN", true)).isEqualTo(true);
    assertThat(echo("BOOLEAN", false)).isEqualTo(false);
    assertThat(echo("DATE", LocalDate.of(2026, 11, 26))).isEqualTo(LocalDate.of(2026, 11, 26));
    assertThat(echo("TIMESTAMP", LocalDateTime.of(2026, 11, 26, 9, 30, 15, 123_456_000)))
        .isEqualTo(LocalDateTime.of(2026, 11, 26, 9, 30, 15, 123_456_000));
    assertThat(echo("TIME", LocalTime.of(9, 30, 15))).isEqualTo(LocalTime.of(9, 30, 15));
    Instant at = Instant.parse("2026-11-26T09:30:15.123456Z");
    assertThat(echo("TIMESTAMPTZ", at)).isEqualTo(at);
    assertThat(
            echo(
                "TIMESTAMPTZ",
                OffsetDateTime.of(2026, 11, 26, 11, 30, 15, 0, ZoneOffset.ofHours(2))))
        .isEqualTo(Instant.parse("2026-11-26T09:30:15Z"));
    UUID id = UUID.fromString("0b9c7e0e-4d6a-4c52-9b7e-3c1f0f3f1a2b");
    assertThat(echo("VARCHAR", id)).isEqualTo(id.toString());
    assertThat((byte[]) echo("BLOB", new byte[] {1, 2, (byte) 0xff}))
        .containsExactly(1, 2, (byte) 0xff);
  }

  @Test
  void nullParameter_isSqlNull_inEveryType() {
    for (String t :
        new String[] {
          "VARCHAR",
          "INTEGER",
          "BIGINT",
          "DECIMAL(10,2)",
          "DOUBLE",
          "REAL",
          "BOOLEAN",
          "DATE",
          "TIME",
          "TIMESTAMP",
          "TIMESTAMPTZ",
          "BLOB",
          "HUGEINT",
          "SMALLINT",
          "UBIGINT"
        }) {
      assertThat(echo(t, null)).as(t).isNull();
    }
  }

  @Test
  void unsupportedParameterType_isNamed() {
    assertThatThrownBy(() -> echo("VARCHAR", new StringBuilder("x")))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("parameter 'v' has type java.lang.StringBuilder");
  }

  @Test
  void columns_typesAndDecimalPrecision() {
    QueryResult r =
        db.execute(
            "SELECT CAST(1.5 AS DECIMAL(9,2)) AS d, CAST(3 AS HUGEINT) AS h,"
                + " CAST(4 AS UBIGINT) AS ub, CAST(5 AS UINTEGER) AS ui, CAST(6 AS USMALLINT) AS us,"
                + " CAST(7 AS UTINYINT) AS ut, CAST(1 AS REAL) AS r, now() AS tz, CAST(now() AS TIMESTAMP_S) AS ts_s,"
                + " CAST(now() AS TIMESTAMP_MS) AS ts_ms, 'x' AS s, 42");
    assertThat(r.columns())
        .extracting(Column::type)
        .containsExactly(
            ColumnType.DECIMAL,
            ColumnType.DECIMAL,
            ColumnType.DECIMAL,
            ColumnType.BIGINT,
            ColumnType.INTEGER,
            ColumnType.INTEGER,
            ColumnType.REAL,
            ColumnType.TIMESTAMP_WITH_TIME_ZONE,
            ColumnType.TIMESTAMP,
            ColumnType.TIMESTAMP,
            ColumnType.VARCHAR,
            ColumnType.INTEGER);
    assertThat(r.columns().get(0).precision()).isEqualTo(9);
    assertThat(r.columns().get(0).scale()).isEqualTo(2);
    assertThat(r.columns().get(10).precision()).isZero();
    assertThat(r.columns().get(11).name()).isEqualTo("42");
    assertThat(r.rows().get(0).get(0)).isEqualTo(new BigDecimal("1.50"));
    assertThat(r.rows().get(0).get(1)).isEqualTo(new BigDecimal("3"));
    assertThat(r.rows().get(0).get(2)).isEqualTo(new BigDecimal("4"));
    assertThat(r.rows().get(0).get(3)).isEqualTo(5L);
    assertThat(r.rows().get(0).get(4)).isEqualTo(6);
    assertThat(r.rows().get(0).get(8)).isInstanceOf(LocalDateTime.class);
    assertThat(r.rows().get(0).get(7)).isInstanceOf(Instant.class);
  }

  @Test
  void typeNames_winOverMisleadingCodes() {
    assertThat(JdbcTypes.typeOf(Types.VARCHAR, "numeric(10,2)")).isEqualTo(ColumnType.DECIMAL);
    assertThat(JdbcTypes.typeOf(Types.OTHER, "UHUGEINT")).isEqualTo(ColumnType.DECIMAL);
    assertThat(JdbcTypes.typeOf(Types.DOUBLE, "float4")).isEqualTo(ColumnType.REAL);
    assertThat(JdbcTypes.typeOf(Types.DOUBLE, "FLOAT")).isEqualTo(ColumnType.REAL);
    assertThat(JdbcTypes.typeOf(Types.TIMESTAMP, "timestamp with time zone"))
        .isEqualTo(ColumnType.TIMESTAMP_WITH_TIME_ZONE);
    assertThat(JdbcTypes.typeOf(Types.OTHER, "DATETIME")).isEqualTo(ColumnType.TIMESTAMP);
    assertThat(JdbcTypes.typeOf(Types.OTHER, "TIMESTAMP_NS")).isEqualTo(ColumnType.TIMESTAMP);
    assertThat(JdbcTypes.typeOf(Types.BIT, null)).isEqualTo(ColumnType.BOOLEAN);
    assertThat(JdbcTypes.typeOf(Types.TINYINT, "")).isEqualTo(ColumnType.INTEGER);
    assertThat(JdbcTypes.typeOf(Types.NUMERIC, "")).isEqualTo(ColumnType.DECIMAL);
    assertThat(JdbcTypes.typeOf(Types.FLOAT, "")).isEqualTo(ColumnType.DOUBLE);
    assertThat(JdbcTypes.typeOf(Types.NCLOB, "")).isEqualTo(ColumnType.VARCHAR);
    assertThat(JdbcTypes.typeOf(Types.TIME, "")).isEqualTo(ColumnType.TIME);
    assertThat(JdbcTypes.typeOf(Types.TIMESTAMP_WITH_TIMEZONE, ""))
        .isEqualTo(ColumnType.TIMESTAMP_WITH_TIME_ZONE);
    assertThat(JdbcTypes.typeOf(Types.BLOB, "")).isEqualTo(ColumnType.BINARY);
    assertThat(JdbcTypes.typeOf(Types.ARRAY, "INTEGER[]")).isEqualTo(ColumnType.OTHER);
  }
}
