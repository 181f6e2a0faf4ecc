package dev.runway.athena;

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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.athena.model.ColumnInfo;

/**
 * Athena's side of values: the column types of {@code ColumnInfo} mapped to Runway's {@link
 * ColumnType}, result text parsed to Java values, and parameter values written as the single SQL
 * literals that {@code ExecutionParameters} takes.
 */
final class AthenaValues {

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  private static final HexFormat HEX = HexFormat.of();

  private AthenaValues() {}

  /** Maps one column of {@code ResultSetMetadata}. */
  static Column column(ColumnInfo info) {
    String type = info.type() == null ? "varchar" : info.type().toLowerCase(Locale.ROOT).trim();
    String base = type.replaceAll("\\(.*", "").trim();
    ColumnType t =
        switch (base) {
          case "boolean" -> ColumnType.BOOLEAN;
          case "tinyint", "smallint", "integer", "int" -> ColumnType.INTEGER;
          case "bigint" -> ColumnType.BIGINT;
          case "decimal" -> ColumnType.DECIMAL;
          case "real", "float" -> ColumnType.REAL;
          case "double" -> ColumnType.DOUBLE;
          case "char", "varchar", "string" -> ColumnType.VARCHAR;
          case "date" -> ColumnType.DATE;
          case "time" -> ColumnType.TIME;
          case "timestamp" -> ColumnType.TIMESTAMP;
          case "timestamp with time zone" -> ColumnType.TIMESTAMP_WITH_TIME_ZONE;
          case "varbinary", "binary" -> ColumnType.BINARY;
          default ->
              type.startsWith("timestamp") && type.contains("with time zone")
                  ? ColumnType.TIMESTAMP_WITH_TIME_ZONE
                  : ColumnType.OTHER;
        };
    int precision = t == ColumnType.DECIMAL && info.precision() != null ? info.precision() : 0;
    int scale = t == ColumnType.DECIMAL && info.scale() != null ? info.scale() : 0;
    String engineType = t == ColumnType.DECIMAL ? "decimal(" + precision + "," + scale + ")" : type;
    String name = info.label() != null ? info.label() : info.name();
    return new Column(name, t, engineType, precision, scale);
  }

  /** Parses Athena's text for a value of {@code column}; {@code null} stays SQL NULL. */
  static @Nullable Object parse(Column column, @Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return switch (column.type()) {
        case BOOLEAN -> Boolean.valueOf(text.trim());
        case INTEGER -> Integer.valueOf(text.trim());
        case BIGINT -> Long.valueOf(text.trim());
        case DECIMAL -> {
          BigDecimal d = new BigDecimal(text.trim());
          yield column.scale() > 0 || column.precision() > 0
              ? d.setScale(column.scale(), RoundingMode.UNNECESSARY)
              : d;
        }
        case REAL -> Float.valueOf(text.trim());
        case DOUBLE -> Double.valueOf(text.trim());
        case DATE -> LocalDate.parse(text.trim());
        case TIME -> LocalTime.parse(text.trim());
        case TIMESTAMP -> LocalDateTime.parse(text.trim().replace(' ', 'T'));
        case TIMESTAMP_WITH_TIME_ZONE -> instant(text.trim());
        case BINARY -> HEX.parseHex(text.replace(" ", ""));
        case VARCHAR, OTHER -> text;
      };
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Athena returned '"
              + abbreviate(text)
              + "' for column "
              + column.name()
              + " of type "
              + column.engineType()
              + ", which does not parse: "
              + e.getMessage(),
          e);
    }
  }

  private static Instant instant(String text) {
    // "2026-01-02 03:04:05.000 UTC" or "... Europe/Berlin"
    int space = text.lastIndexOf(' ');
    String local = text.substring(0, space).replace(' ', 'T');
    ZoneId zone = ZoneId.of(text.substring(space + 1));
    return LocalDateTime.parse(local).atZone(zone).toInstant();
  }

  /**
   * Writes {@code value} as one SQL literal for {@code ExecutionParameters}. Athena parses each
   * parameter on its own as a single literal expression in the parameter's place, so a value can
   * never change the statement around it; strings have their quotes doubled to stay one literal.
   *
   * @throws InvalidQueryException for a type that has no Athena literal, naming the parameter
   */
  static String literal(String name, Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof BigDecimal d) {
      return "DECIMAL '" + d.toPlainString() + "'";
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new InvalidQueryException(
            "parameter '"
                + name
                + "' is "
                + d
                + ", which Athena cannot take as a parameter; use nan() or infinity() in the SQL");
      }
      String s = Double.toString(d);
      return s.contains("E") ? s : s + "E0";
    }
    if (value instanceof LocalDate d) {
      return "DATE '" + d + "'";
    }
    if (value instanceof LocalDateTime t) {
      return "TIMESTAMP '" + TS.format(t) + "'";
    }
    if (value instanceof Instant i) {
      return "TIMESTAMP '" + TS.format(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + " UTC'";
    }
    if (value instanceof OffsetDateTime o) {
      return literal(name, o.toInstant());
    }
    if (value instanceof LocalTime t) {
      return "TIME '" + t + "'";
    }
    if (value instanceof UUID u) {
      return "'" + u + "'";
    }
    if (value instanceof byte[] b) {
      return "X'" + HEX.formatHex(b) + "'";
    }
    throw new InvalidQueryException(
        "parameter '"
            + name
            + "' has type "
            + value.getClass().getName()
            + ", which Athena cannot bind; pass a String, number, Boolean, java.time value, UUID or byte[]");
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }
}
