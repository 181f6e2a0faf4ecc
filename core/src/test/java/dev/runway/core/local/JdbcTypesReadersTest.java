package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Each value reader on every representation a JDBC driver may hand back (drivers differ: DuckDB
 * returns java.time values, PostgreSQL's driver java.sql ones, others strings or their own types),
 * on a mocked result set, since no one driver shows them all.
 */
class JdbcTypesReadersTest {

  private static Object read(ColumnType type, Object value) throws SQLException {
    ResultSet rs = mock(ResultSet.class);
    when(rs.getObject(1)).thenReturn(value);
    return JdbcTypes.readerFor(Column.of("c", type)).read(rs, 1);
  }

  @Test
  void dates_times_andTimestamps_fromEachRepresentation() throws SQLException {
    LocalDate d = LocalDate.of(2026, 11, 26);
    assertThat(read(ColumnType.DATE, d)).isEqualTo(d);
    assertThat(read(ColumnType.DATE, Date.valueOf(d))).isEqualTo(d);
    assertThat(read(ColumnType.DATE, "2026-11-26")).isEqualTo(d);
    assertThat(read(ColumnType.DATE, null)).isNull();
    LocalTime t = LocalTime.of(9, 30, 15);
    assertThat(read(ColumnType.TIME, t)).isEqualTo(t);
    assertThat(read(ColumnType.TIME, Time.valueOf(t))).isEqualTo(t);
    assertThat(read(ColumnType.TIME, "09:30:15")).isEqualTo(t);
    assertThat(read(ColumnType.TIME, null)).isNull();
    LocalDateTime ts = LocalDateTime.of(2026, 11, 26, 9, 30, 15, 123_000_000);
    assertThat(read(ColumnType.TIMESTAMP, ts)).isEqualTo(ts);
    assertThat(read(ColumnType.TIMESTAMP, Timestamp.valueOf(ts))).isEqualTo(ts);
    assertThat(read(ColumnType.TIMESTAMP, null)).isNull();
    ResultSet other = mock(ResultSet.class);
    when(other.getObject(1)).thenReturn("driver's own type");
    when(other.getObject(1, LocalDateTime.class)).thenReturn(ts);
    assertThat(JdbcTypes.readerFor(Column.of("c", ColumnType.TIMESTAMP)).read(other, 1))
        .isEqualTo(ts);
  }

  @Test
  void instants_fromEachRepresentation() throws SQLException {
    Instant at = Instant.parse("2026-11-26T09:30:15.123Z");
    assertThat(read(ColumnType.TIMESTAMP_WITH_TIME_ZONE, at.atOffset(ZoneOffset.ofHours(2))))
        .isEqualTo(at);
    assertThat(read(ColumnType.TIMESTAMP_WITH_TIME_ZONE, at)).isEqualTo(at);
    assertThat(read(ColumnType.TIMESTAMP_WITH_TIME_ZONE, Timestamp.from(at))).isEqualTo(at);
    assertThat(read(ColumnType.TIMESTAMP_WITH_TIME_ZONE, null)).isNull();
    ResultSet other = mock(ResultSet.class);
    when(other.getObject(1)).thenReturn("driver's own type");
    when(other.getObject(1, OffsetDateTime.class)).thenReturn(at.atOffset(ZoneOffset.UTC));
    assertThat(
            JdbcTypes.readerFor(Column.of("c", ColumnType.TIMESTAMP_WITH_TIME_ZONE)).read(other, 1))
        .isEqualTo(at);
    ResultSet none = mock(ResultSet.class);
    when(none.getObject(1)).thenReturn("driver's own type");
    assertThat(
            JdbcTypes.readerFor(Column.of("c", ColumnType.TIMESTAMP_WITH_TIME_ZONE)).read(none, 1))
        .isNull();
  }

  @Test
  void binary_fromEachRepresentation() throws SQLException {
    assertThat((byte[]) read(ColumnType.BINARY, new byte[] {1, 2})).containsExactly(1, 2);
    Blob blob = mock(Blob.class);
    when(blob.length()).thenReturn(3L);
    when(blob.getBytes(1, 3)).thenReturn(new byte[] {7, 8, 9});
    assertThat((byte[]) read(ColumnType.BINARY, blob)).containsExactly(7, 8, 9);
    assertThat(read(ColumnType.BINARY, null)).isNull();
    ResultSet other = mock(ResultSet.class);
    when(other.getObject(1)).thenReturn("driver's own type");
    when(other.getBytes(1)).thenReturn(new byte[] {5});
    assertThat((byte[]) JdbcTypes.readerFor(Column.of("c", ColumnType.BINARY)).read(other, 1))
        .containsExactly(5);
  }

  @Test
  void decimals_fromEachNumberType_atTheColumnsScale() throws SQLException {
    Column scaled = new Column("c", ColumnType.DECIMAL, "DECIMAL(10,2)", 10, 2);
    ResultSet rs = mock(ResultSet.class);
    when(rs.getObject(1)).thenReturn(5L, 6, (short) 7, (byte) 8, new BigInteger("9"), 1.5);
    var reader = JdbcTypes.readerFor(scaled);
    assertThat(reader.read(rs, 1)).isEqualTo(new BigDecimal("5.00"));
    assertThat(reader.read(rs, 1)).isEqualTo(new BigDecimal("6.00"));
    assertThat(reader.read(rs, 1)).isEqualTo(new BigDecimal("7.00"));
    assertThat(reader.read(rs, 1)).isEqualTo(new BigDecimal("8.00"));
    assertThat(reader.read(rs, 1)).isEqualTo(new BigDecimal("9.00"));
    assertThat(reader.read(rs, 1)).isEqualTo(new BigDecimal("1.50"));
    BigDecimal exact = new BigDecimal("2.50");
    assertThat(reader.read(mockReturning(exact), 1))
        .as("already at the scale: as it is")
        .isSameAs(exact);
    // a column without precision keeps the value's own scale
    var unscaled = JdbcTypes.readerFor(Column.of("c", ColumnType.DECIMAL));
    assertThat(unscaled.read(mockReturning(new BigDecimal("2.5")), 1))
        .isEqualTo(new BigDecimal("2.5"));
    assertThat(unscaled.read(mockReturning(null), 1)).isNull();
  }

  private static ResultSet mockReturning(Object v) throws SQLException {
    ResultSet rs = mock(ResultSet.class);
    when(rs.getObject(1)).thenReturn(v);
    return rs;
  }

  @Test
  void primitives_nullsByWasNull() throws SQLException {
    ResultSet rs = mock(ResultSet.class);
    when(rs.getBoolean(1)).thenReturn(false);
    when(rs.getInt(1)).thenReturn(0);
    when(rs.getLong(1)).thenReturn(0L);
    when(rs.getFloat(1)).thenReturn(0f);
    when(rs.getDouble(1)).thenReturn(0d);
    when(rs.wasNull()).thenReturn(true);
    for (ColumnType t :
        new ColumnType[] {
          ColumnType.BOOLEAN,
          ColumnType.INTEGER,
          ColumnType.BIGINT,
          ColumnType.REAL,
          ColumnType.DOUBLE
        }) {
      assertThat(JdbcTypes.readerFor(Column.of("c", t)).read(rs, 1)).as(t.name()).isNull();
    }
    when(rs.wasNull()).thenReturn(false);
    assertThat(JdbcTypes.readerFor(Column.of("c", ColumnType.BOOLEAN)).read(rs, 1))
        .isEqualTo(false);
    assertThat(JdbcTypes.readerFor(Column.of("c", ColumnType.REAL)).read(rs, 1)).isEqualTo(0f);
  }

  @Test
  void columns_takeTheLabel_orTheNameWhenThereIsNone() throws SQLException {
    java.sql.ResultSetMetaData md = mock(java.sql.ResultSetMetaData.class);
    when(md.getColumnCount()).thenReturn(3);
    for (int i = 1; i <= 3; i++) {
      when(md.getColumnType(i)).thenReturn(java.sql.Types.INTEGER);
      when(md.getColumnTypeName(i)).thenReturn("INTEGER");
      when(md.getColumnName(i)).thenReturn("name" + i);
    }
    when(md.getColumnLabel(1)).thenReturn("label1");
    when(md.getColumnLabel(2)).thenReturn("");
    when(md.getColumnLabel(3)).thenReturn(null);
    assertThat(JdbcTypes.columns(md))
        .extracting(Column::name)
        .containsExactly("label1", "name2", "name3");
  }
}
