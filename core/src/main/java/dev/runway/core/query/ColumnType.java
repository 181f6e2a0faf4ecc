package dev.runway.core.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Engine-independent column type. Every engine's values are normalised to the Java type named by
 * {@link #javaType()}, so results from two engines can be compared value by value.
 */
public enum ColumnType {
  /** BOOLEAN as {@link Boolean}. */
  BOOLEAN(Boolean.class),
  /** TINYINT, SMALLINT and INTEGER as {@link Integer}. */
  INTEGER(Integer.class),
  /** BIGINT as {@link Long}. */
  BIGINT(Long.class),
  /**
   * DECIMAL/NUMERIC (and integers wider than 64 bits) as {@link BigDecimal} with the column's
   * scale.
   */
  DECIMAL(BigDecimal.class),
  /** REAL (single precision) as {@link Float}. */
  REAL(Float.class),
  /** DOUBLE / FLOAT8 as {@link Double}. */
  DOUBLE(Double.class),
  /** CHAR, VARCHAR, TEXT as {@link String}. */
  VARCHAR(String.class),
  /** DATE as {@link LocalDate}. */
  DATE(LocalDate.class),
  /** TIME without zone as {@link LocalTime}. */
  TIME(LocalTime.class),
  /** TIMESTAMP without zone as {@link LocalDateTime}. */
  TIMESTAMP(LocalDateTime.class),
  /** TIMESTAMP WITH TIME ZONE as {@link Instant}. */
  TIMESTAMP_WITH_TIME_ZONE(Instant.class),
  /** BINARY / VARBINARY / BLOB as {@code byte[]}. */
  BINARY(byte[].class),
  /** Anything else (arrays, maps, structs, JSON, UUID, intervals) as its text form. */
  OTHER(String.class);

  private final Class<?> javaType;

  ColumnType(Class<?> javaType) {
    this.javaType = javaType;
  }

  /** Returns the Java type that values of this column type are normalised to. */
  public Class<?> javaType() {
    return javaType;
  }
}
