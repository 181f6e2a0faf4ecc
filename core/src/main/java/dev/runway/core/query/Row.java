package dev.runway.core.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One immutable row of a result, with typed getters by index (0-based) and by column name
 * (case-insensitive). Values are already normalised to {@link ColumnType#javaType()}.
 *
 * <p>Getters throw {@link IllegalArgumentException} naming the available columns when a name is
 * unknown, and {@link ClassCastException} with the column's real type when the getter does not fit.
 * A SQL NULL is returned as {@code null}; it is never confused with an empty string.
 */
public final class Row {

  private final ColumnIndex index;
  private final Object[] values;

  /**
   * Creates a row. The array is used as is, not copied: the caller hands it over.
   *
   * @param index the shared column index of the result
   * @param values one value per column, normalised
   */
  public Row(ColumnIndex index, Object[] values) {
    if (values.length != index.size()) {
      throw new IllegalArgumentException(
          "row has " + values.length + " values but the result has " + index.size() + " columns");
    }
    this.index = index;
    this.values = values;
  }

  /** Returns the number of values. */
  public int size() {
    return values.length;
  }

  /** Returns the columns of this row's result. */
  public List<Column> columns() {
    return index.columns();
  }

  /** Returns the value at {@code i}, or {@code null} for SQL NULL. */
  public @Nullable Object get(int i) {
    if (i < 0 || i >= values.length) {
      throw new IndexOutOfBoundsException(
          "column index " + i + " is out of range; the row has " + values.length + " columns");
    }
    return values[i];
  }

  /** Returns the value of the named column, or {@code null} for SQL NULL. */
  public @Nullable Object get(String column) {
    return values[index.indexOf(column)];
  }

  /** Returns whether the value at {@code i} is SQL NULL. */
  public boolean isNull(int i) {
    return get(i) == null;
  }

  /** Returns whether the named value is SQL NULL. */
  public boolean isNull(String column) {
    return get(column) == null;
  }

  /** Returns the value at {@code i} as text ({@code toString} of the value), or {@code null}. */
  public @Nullable String getString(int i) {
    Object v = get(i);
    return v == null ? null : v instanceof byte[] b ? Arrays.toString(b) : v.toString();
  }

  /** Returns the named value as text, or {@code null}. */
  public @Nullable String getString(String column) {
    return getString(index.indexOf(column));
  }

  /** Returns an integral value at {@code i} as a {@link Long}, or {@code null}. */
  public @Nullable Long getLong(int i) {
    Object v = get(i);
    if (v == null) {
      return null;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigDecimal d) {
      return d.longValueExact();
    }
    throw wrongType(i, "Long");
  }

  /** Returns the named integral value as a {@link Long}, or {@code null}. */
  public @Nullable Long getLong(String column) {
    return getLong(index.indexOf(column));
  }

  /**
   * Returns the value at {@code i} as an {@link Integer}, or {@code null}; fails if it does not
   * fit.
   */
  public @Nullable Integer getInt(int i) {
    Long v = getLong(i);
    return v == null ? null : Math.toIntExact(v);
  }

  /** Returns the named value as an {@link Integer}, or {@code null}. */
  public @Nullable Integer getInt(String column) {
    return getInt(index.indexOf(column));
  }

  /** Returns a numeric value at {@code i} as a {@link Double}, or {@code null}. */
  public @Nullable Double getDouble(int i) {
    Object v = get(i);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw wrongType(i, "Double");
  }

  /** Returns the named numeric value as a {@link Double}, or {@code null}. */
  public @Nullable Double getDouble(String column) {
    return getDouble(index.indexOf(column));
  }

  /** Returns a numeric value at {@code i} as an exact {@link BigDecimal}, or {@code null}. */
  public @Nullable BigDecimal getBigDecimal(int i) {
    Object v = get(i);
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Long || v instanceof Integer) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof Double || v instanceof Float) {
      return new BigDecimal(v.toString());
    }
    throw wrongType(i, "BigDecimal");
  }

  /** Returns the named numeric value as a {@link BigDecimal}, or {@code null}. */
  public @Nullable BigDecimal getBigDecimal(String column) {
    return getBigDecimal(index.indexOf(column));
  }

  /** Returns the boolean at {@code i}, or {@code null}. */
  public @Nullable Boolean getBoolean(int i) {
    return as(i, Boolean.class);
  }

  /** Returns the named boolean, or {@code null}. */
  public @Nullable Boolean getBoolean(String column) {
    return getBoolean(index.indexOf(column));
  }

  /** Returns the DATE at {@code i}, or {@code null}. */
  public @Nullable LocalDate getDate(int i) {
    return as(i, LocalDate.class);
  }

  /** Returns the named DATE, or {@code null}. */
  public @Nullable LocalDate getDate(String column) {
    return getDate(index.indexOf(column));
  }

  /** Returns the TIMESTAMP (without zone) at {@code i}, or {@code null}. */
  public @Nullable LocalDateTime getTimestamp(int i) {
    return as(i, LocalDateTime.class);
  }

  /** Returns the named TIMESTAMP (without zone), or {@code null}. */
  public @Nullable LocalDateTime getTimestamp(String column) {
    return getTimestamp(index.indexOf(column));
  }

  /** Returns the TIMESTAMP WITH TIME ZONE at {@code i} as an instant, or {@code null}. */
  public @Nullable Instant getInstant(int i) {
    return as(i, Instant.class);
  }

  /** Returns the named TIMESTAMP WITH TIME ZONE as an instant, or {@code null}. */
  public @Nullable Instant getInstant(String column) {
    return getInstant(index.indexOf(column));
  }

  /** Returns the values as an unmodifiable list (which may contain nulls). */
  public List<Object> values() {
    return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(values)));
  }

  private <T> @Nullable T as(int i, Class<T> type) {
    Object v = get(i);
    if (v == null) {
      return null;
    }
    if (!type.isInstance(v)) {
      throw wrongType(i, type.getSimpleName());
    }
    return type.cast(v);
  }

  private ClassCastException wrongType(int i, String wanted) {
    Column c = index.columns().get(i);
    return new ClassCastException(
        "column '"
            + c.name()
            + "' is "
            + c.type()
            + " ("
            + values[i].getClass().getSimpleName()
            + "), not readable as "
            + wanted);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Row r && Arrays.deepEquals(values, r.values);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return Arrays.deepToString(values);
  }
}
