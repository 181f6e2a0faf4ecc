package dev.runway.core.migrate;

import java.util.Objects;

/**
 * One column of a table as its source engine's catalog describes it, for moving the table to
 * another engine: the name, the engine's type name and its length, precision and scale.
 *
 * @param name the column name
 * @param type the source engine's type name, such as {@code character varying} or {@code numeric}
 * @param length the declared length of character types, or 0
 * @param precision the declared precision of numeric types, or 0
 * @param scale the declared scale of numeric types, or 0
 */
public record ColumnSpec(String name, String type, int length, int precision, int scale) {

  /** Validates the components. */
  public ColumnSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
