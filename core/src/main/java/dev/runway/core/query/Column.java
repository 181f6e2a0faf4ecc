package dev.runway.core.query;

import java.util.Objects;

/**
 * One column of a result: its name, normalised type and the engine's own type name.
 *
 * @param name the column label as the engine returned it
 * @param type the normalised type
 * @param engineType the engine's type name, such as {@code DECIMAL(18,2)} or {@code varchar}
 * @param precision the declared precision for decimals, otherwise 0
 * @param scale the declared scale for decimals, otherwise 0
 */
public record Column(String name, ColumnType type, String engineType, int precision, int scale) {

  /** Validates the components. */
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    engineType = engineType == null ? type.name() : engineType;
    if (precision < 0 || scale < 0) {
      throw new IllegalArgumentException(
          "precision and scale must be >= 0, got " + precision + "," + scale);
    }
  }

  /** Creates a column without precision or scale. */
  public static Column of(String name, ColumnType type) {
    return new Column(name, type, type.name(), 0, 0);
  }
}
