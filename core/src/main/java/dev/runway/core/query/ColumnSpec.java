package dev.runway.core.query;

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

  private static final java.util.regex.Pattern SIZED =
      java.util.regex.Pattern.compile("([a-z ]+?)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)(.*)");

  /** Validates the components. */
  public ColumnSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /**
   * Returns the spec with the sizes written into the type name moved to the components, and the
   * type in lower case: {@code decimal(12,2)} -> type {@code decimal}, precision 12, scale 2;
   * {@code varchar(32)} or {@code timestamp(3)} -> length and precision 32 (or 3); {@code
   * timestamp(6) with time zone} -> type {@code timestamp with time zone}, precision 6. Sizes
   * already in the components are kept when the type name carries none.
   */
  public ColumnSpec sized() {
    String t = type.toLowerCase(java.util.Locale.ROOT).trim().replaceAll("\\s+", " ");
    java.util.regex.Matcher m = SIZED.matcher(t);
    if (!m.matches()) {
      return new ColumnSpec(name, t, length, precision, scale);
    }
    String base = (m.group(1).trim() + m.group(4)).trim();
    if (m.group(3) != null) {
      return new ColumnSpec(
          name, base, length, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }
    int n = Integer.parseInt(m.group(2));
    return new ColumnSpec(name, base, n, n, scale);
  }
}
