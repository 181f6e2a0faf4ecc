package dev.runway.redshift;

import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.InvalidQueryException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.redshiftdata.model.ColumnMetadata;
import software.amazon.awssdk.services.redshiftdata.model.Field;

/**
 * The Redshift Data API's side of values: {@code ColumnMetadata.typeName} mapped to {@link
 * ColumnType}, typed {@code Field}s read as Java values, and parameter values written as the text
 * the API takes (Redshift converts it to the type the statement needs).
 */
final class RedshiftValues {

  private static final DateTimeFormatter TS =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter TS_OUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private RedshiftValues() {}

  /** Maps one column of {@code ColumnMetadata}. */
  static Column column(ColumnMetadata m) {
    String type = m.typeName() == null ? "varchar" : m.typeName().toLowerCase(Locale.ROOT);
    ColumnType t =
        switch (type) {
          case "bool", "boolean" -> ColumnType.BOOLEAN;
          case "int2", "int4", "smallint", "integer", "int" -> ColumnType.INTEGER;
          case "int8", "bigint" -> ColumnType.BIGINT;
          case "numeric", "decimal" -> ColumnType.DECIMAL;
          case "float4", "real" -> ColumnType.REAL;
          case "float8", "float", "double precision" -> ColumnType.DOUBLE;
          case "varchar", "bpchar", "char", "character", "character varying", "text", "name" ->
              ColumnType.VARCHAR;
          case "date" -> ColumnType.DATE;
          case "time", "timetz" -> ColumnType.TIME;
          case "timestamp" -> ColumnType.TIMESTAMP;
          case "timestamptz" -> ColumnType.TIMESTAMP_WITH_TIME_ZONE;
          case "varbyte", "varbinary", "binary varying" -> ColumnType.BINARY;
          default -> ColumnType.OTHER;
        };
    int precision = t == ColumnType.DECIMAL && m.precision() != null ? m.precision() : 0;
    int scale = t == ColumnType.DECIMAL && m.scale() != null ? m.scale() : 0;
    String name = m.label() != null ? m.label() : m.name();
    return new Column(
        name,
        t,
        t == ColumnType.DECIMAL ? "numeric(" + precision + "," + scale + ")" : type,
        precision,
        scale);
  }

  /** Reads a field as a value of {@code column}. */
  static @Nullable Object value(Column column, @Nullable Field f) {
    if (f == null || Boolean.TRUE.equals(f.isNull())) {
      return null;
    }
    try {
      return switch (column.type()) {
        case BOOLEAN -> f.booleanValue() != null ? f.booleanValue() : Boolean.valueOf(text(f));
        case INTEGER ->
            f.longValue() != null ? Math.toIntExact(f.longValue()) : Integer.valueOf(text(f));
        case BIGINT -> f.longValue() != null ? f.longValue() : Long.valueOf(text(f));
        case DECIMAL -> {
          BigDecimal d =
              f.doubleValue() != null && f.stringValue() == null
                  ? BigDecimal.valueOf(f.doubleValue())
                  : new BigDecimal(text(f));
          yield column.scale() > 0 || column.precision() > 0
              ? d.setScale(column.scale(), RoundingMode.UNNECESSARY)
              : d;
        }
        case REAL ->
            f.doubleValue() != null ? f.doubleValue().floatValue() : Float.valueOf(text(f));
        case DOUBLE -> f.doubleValue() != null ? f.doubleValue() : Double.valueOf(text(f));
        case DATE -> LocalDate.parse(text(f));
        case TIME -> LocalTime.parse(text(f).replaceAll("[+-]\\d{2}(:?\\d{2})?$", ""));
        case TIMESTAMP -> LocalDateTime.parse(text(f), TS);
        case TIMESTAMP_WITH_TIME_ZONE -> instant(text(f));
        case BINARY ->
            f.blobValue() != null ? f.blobValue().asByteArray() : HexFormat.of().parseHex(text(f));
        case VARCHAR, OTHER -> text(f);
      };
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Redshift returned "
              + f
              + " for column "
              + column.name()
              + " of type "
              + column.engineType()
              + ", which does not read as "
              + column.type()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String text(Field f) {
    if (f.stringValue() != null) {
      return f.stringValue();
    }
    if (f.longValue() != null) {
      return f.longValue().toString();
    }
    if (f.doubleValue() != null) {
      return f.doubleValue().toString();
    }
    if (f.booleanValue() != null) {
      return f.booleanValue().toString();
    }
    throw new IllegalStateException("the field carries no value");
  }

  private static Instant instant(String s) {
    // "2026-01-02 03:04:05.123456+00" or "+05:30"
    int sign = Math.max(s.lastIndexOf('+'), s.lastIndexOf('-'));
    if (sign < 11) {
      return LocalDateTime.parse(s, TS).toInstant(ZoneOffset.UTC);
    }
    String offset = s.substring(sign);
    if (offset.length() == 3) {
      offset = offset + ":00";
    }
    return LocalDateTime.parse(s.substring(0, sign), TS).toInstant(ZoneOffset.of(offset));
  }

  /**
   * Returns {@code value} as Data API parameter text, or {@code null} for SQL NULL and the empty
   * string, which the API cannot carry (a value needs at least one character): those are written
   * into the SQL as the constants {@code NULL} and {@code ''}, which hold no caller data.
   *
   * @throws InvalidQueryException for a type Redshift cannot take as text, naming the parameter
   */
  static @Nullable String text(String name, @Nullable Object value) {
    if (value == null || "".equals(value)) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger
        || value instanceof Double
        || value instanceof Float
        || value instanceof UUID
        || value instanceof LocalDate
        || value instanceof LocalTime) {
      return value.toString();
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof LocalDateTime t) {
      return TS_OUT.format(t);
    }
    if (value instanceof Instant i) {
      return TS_OUT.format(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "+00";
    }
    if (value instanceof OffsetDateTime o) {
      return text(name, o.toInstant());
    }
    if (value instanceof byte[]) {
      throw new InvalidQueryException(
          "parameter '"
              + name
              + "' is a byte[], which the Redshift Data API "
              + "cannot bind; pass it as a hex String and write to_varbyte(:"
              + name
              + ", 'hex') in the SQL");
    }
    throw new InvalidQueryException(
        "parameter '"
            + name
            + "' has type "
            + value.getClass().getName()
            + ", which Redshift cannot bind; pass a String, number, Boolean, java.time value or UUID");
  }
}
