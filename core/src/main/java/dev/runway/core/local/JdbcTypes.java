package dev.runway.core.local;

import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.InvalidQueryException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Blob;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Maps JDBC metadata and values to Runway's normalised types, and binds parameters. */
final class JdbcTypes {

  private JdbcTypes() {}

  /** Reads one column value from the current row. */
  @FunctionalInterface
  public interface ValueReader {
    /** Returns the normalised value, or {@code null} for SQL NULL. */
    @Nullable Object read(ResultSet rs, int column) throws SQLException;
  }

  /** Returns the columns of a result set's metadata. */
  public static List<Column> columns(ResultSetMetaData md) throws SQLException {
    int n = md.getColumnCount();
    List<Column> columns = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      String typeName = md.getColumnTypeName(i);
      ColumnType type = typeOf(md.getColumnType(i), typeName);
      int precision = 0;
      int scale = 0;
      if (type == ColumnType.DECIMAL) {
        precision = Math.max(0, md.getPrecision(i));
        scale = Math.max(0, md.getScale(i));
      }
      String label = md.getColumnLabel(i);
      columns.add(
          new Column(
              label == null || label.isEmpty() ? md.getColumnName(i) : label,
              type,
              typeName,
              precision,
              scale));
    }
    return columns;
  }

  /** Maps a JDBC type code and the engine's type name to a {@link ColumnType}. */
  public static ColumnType typeOf(int jdbcType, String typeName) {
    String name = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
    // Engine names first: DuckDB and PostgreSQL report some types under a misleading JDBC code.
    if (name.startsWith("DECIMAL")
        || name.startsWith("NUMERIC")
        || name.equals("HUGEINT")
        || name.equals("UHUGEINT")
        || name.equals("UBIGINT")) {
      return ColumnType.DECIMAL;
    }
    if (name.equals("UINTEGER")) {
      return ColumnType.BIGINT;
    }
    if (name.equals("USMALLINT") || name.equals("UTINYINT")) {
      return ColumnType.INTEGER;
    }
    if (name.equals("FLOAT") || name.equals("FLOAT4") || name.equals("REAL")) {
      return ColumnType.REAL;
    }
    if (name.equals("TIMESTAMPTZ") || name.equals("TIMESTAMP WITH TIME ZONE")) {
      return ColumnType.TIMESTAMP_WITH_TIME_ZONE;
    }
    if (name.startsWith("TIMESTAMP_") || name.equals("DATETIME")) {
      return ColumnType.TIMESTAMP; // DuckDB TIMESTAMP_S / _MS / _NS
    }
    return switch (jdbcType) {
      case Types.BOOLEAN, Types.BIT -> ColumnType.BOOLEAN;
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> ColumnType.INTEGER;
      case Types.BIGINT -> ColumnType.BIGINT;
      case Types.DECIMAL, Types.NUMERIC -> ColumnType.DECIMAL;
      case Types.REAL -> ColumnType.REAL;
      case Types.FLOAT, Types.DOUBLE -> ColumnType.DOUBLE;
      case Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.CLOB,
          Types.NCLOB ->
          ColumnType.VARCHAR;
      case Types.DATE -> ColumnType.DATE;
      case Types.TIME -> ColumnType.TIME;
      case Types.TIMESTAMP -> ColumnType.TIMESTAMP;
      case Types.TIMESTAMP_WITH_TIMEZONE -> ColumnType.TIMESTAMP_WITH_TIME_ZONE;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> ColumnType.BINARY;
      default -> ColumnType.OTHER;
    };
  }

  /** Returns the reader that normalises values of {@code column}. */
  public static ValueReader readerFor(Column column) {
    return switch (column.type()) {
      case BOOLEAN ->
          (rs, i) -> {
            boolean v = rs.getBoolean(i);
            return rs.wasNull() ? null : v;
          };
      case INTEGER ->
          (rs, i) -> {
            int v = rs.getInt(i);
            return rs.wasNull() ? null : v;
          };
      case BIGINT ->
          (rs, i) -> {
            long v = rs.getLong(i);
            return rs.wasNull() ? null : v;
          };
      case REAL ->
          (rs, i) -> {
            float v = rs.getFloat(i);
            return rs.wasNull() ? null : v;
          };
      case DOUBLE ->
          (rs, i) -> {
            double v = rs.getDouble(i);
            return rs.wasNull() ? null : v;
          };
      case DECIMAL -> {
        int scale = column.scale();
        boolean hasScale = column.precision() > 0;
        yield (rs, i) -> {
          BigDecimal d = toBigDecimal(rs.getObject(i));
          return d == null || !hasScale || d.scale() == scale
              ? d
              : d.setScale(scale, RoundingMode.UNNECESSARY);
        };
      }
      case VARCHAR, OTHER -> (rs, i) -> rs.getString(i);
      case DATE ->
          (rs, i) -> {
            Object v = rs.getObject(i);
            return v == null
                ? null
                : v instanceof LocalDate d
                    ? d
                    : v instanceof Date d ? d.toLocalDate() : LocalDate.parse(v.toString());
          };
      case TIME ->
          (rs, i) -> {
            Object v = rs.getObject(i);
            return v == null
                ? null
                : v instanceof LocalTime t
                    ? t
                    : v instanceof Time t ? t.toLocalTime() : LocalTime.parse(v.toString());
          };
      case TIMESTAMP ->
          (rs, i) -> {
            Object v = rs.getObject(i);
            return v == null
                ? null
                : v instanceof LocalDateTime t
                    ? t
                    : v instanceof Timestamp t
                        ? t.toLocalDateTime()
                        : rs.getObject(i, LocalDateTime.class);
          };
      case TIMESTAMP_WITH_TIME_ZONE ->
          (rs, i) -> {
            Object v = rs.getObject(i);
            if (v == null) {
              return null;
            }
            if (v instanceof OffsetDateTime o) {
              return o.toInstant();
            }
            if (v instanceof Instant in) {
              return in;
            }
            if (v instanceof Timestamp t) {
              return t.toInstant();
            }
            OffsetDateTime o = rs.getObject(i, OffsetDateTime.class);
            return o == null ? null : o.toInstant();
          };
      case BINARY ->
          (rs, i) -> {
            Object v = rs.getObject(i);
            if (v == null) {
              return null;
            }
            if (v instanceof byte[] b) {
              return b;
            }
            if (v instanceof Blob blob) {
              return blob.getBytes(1, Math.toIntExact(blob.length()));
            }
            return rs.getBytes(i);
          };
    };
  }

  private static @Nullable BigDecimal toBigDecimal(@Nullable Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    return new BigDecimal(v.toString());
  }

  /**
   * Binds one parameter value to a prepared statement.
   *
   * @throws InvalidQueryException if the value's type cannot be bound
   */
  public static void bind(PreparedStatement ps, int index, String name, @Nullable Object v)
      throws SQLException {
    if (v == null) {
      ps.setNull(index, Types.NULL);
    } else if (v instanceof String s) {
      ps.setString(index, s);
    } else if (v instanceof Integer n) {
      ps.setInt(index, n);
    } else if (v instanceof Long n) {
      ps.setLong(index, n);
    } else if (v instanceof Short n) {
      ps.setShort(index, n);
    } else if (v instanceof Byte n) {
      ps.setByte(index, n);
    } else if (v instanceof BigDecimal d) {
      ps.setBigDecimal(index, d);
    } else if (v instanceof BigInteger b) {
      ps.setBigDecimal(index, new BigDecimal(b));
    } else if (v instanceof Double d) {
      ps.setDouble(index, d);
    } else if (v instanceof Float f) {
      ps.setFloat(index, f);
    } else if (v instanceof Boolean b) {
      ps.setBoolean(index, b);
    } else if (v instanceof LocalDate d) {
      ps.setDate(index, Date.valueOf(d));
    } else if (v instanceof LocalDateTime t) {
      ps.setTimestamp(index, Timestamp.valueOf(t));
    } else if (v instanceof LocalTime t) {
      ps.setObject(index, t);
    } else if (v instanceof Instant in) {
      ps.setObject(index, OffsetDateTime.ofInstant(in, ZoneOffset.UTC));
    } else if (v instanceof OffsetDateTime o) {
      ps.setObject(index, o);
    } else if (v instanceof UUID u) {
      ps.setObject(index, u);
    } else if (v instanceof byte[] b) {
      ps.setBytes(index, b);
    } else {
      throw new InvalidQueryException(
          "parameter '"
              + name
              + "' has type "
              + v.getClass().getName()
              + ", which cannot be bound; use String, Boolean, a number, LocalDate, LocalDateTime, "
              + "LocalTime, Instant, OffsetDateTime, UUID, byte[] or null");
    }
  }
}
