package dev.runway.redshift;

import dev.runway.core.query.ColumnSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code CREATE TABLE} for a Redshift table that receives a table from Athena (Glue / Trino
 * types), with its distribution and sort keys, and a warning for every type that does not map one
 * to one.
 *
 * <p>Types: tinyint -> SMALLINT (widened), smallint, integer, bigint alike; real -> REAL, double ->
 * DOUBLE PRECISION; decimal(p,s) alike (no precision: DECIMAL(38,18), a warning); boolean; date;
 * timestamp (any precision) -> TIMESTAMP (microseconds; finer precision is lost, a warning);
 * timestamp with time zone -> TIMESTAMPTZ; char(n) alike; varchar(n) -> VARCHAR(n); varchar and
 * string -> VARCHAR(65535), with a warning (Redshift counts bytes, Trino characters, and Redshift
 * stores at most 65,535 bytes); varbinary -> VARBYTE; array, map, row, struct, json -> SUPER (a
 * warning: COPY from Parquet needs SERIALIZETOJSON for nested values); anything else ->
 * VARCHAR(65535) with a warning.
 */
public final class RedshiftTableDdl {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * The physical layout: a distribution key (or none: {@code DISTSTYLE AUTO}), compound sort keys
   * (or none: {@code SORTKEY AUTO}), and {@code ENCODE AUTO} for every column.
   *
   * @param distKey the column rows are distributed by, or empty
   * @param sortKeys the compound sort key columns, in order, or empty
   * @param reason why these were chosen, for the plan and the report
   */
  public record Layout(Optional<String> distKey, List<String> sortKeys, String reason) {

    /** Validates it. */
    public Layout {
      Objects.requireNonNull(distKey, "distKey");
      sortKeys = List.copyOf(sortKeys);
      Objects.requireNonNull(reason, "reason");
    }

    /** Redshift chooses both (DISTSTYLE AUTO, SORTKEY AUTO). */
    public static Layout auto() {
      return new Layout(Optional.empty(), List.of(), "Redshift's automatic table optimisation");
    }

    /** The caller's choice. */
    public static Layout of(String distKey, List<String> sortKeys) {
      return new Layout(Optional.ofNullable(distKey), sortKeys, "given");
    }

    /**
     * The usual Redshift layout rule: the column the table is joined on is the distribution key
     * (co-located joins), and the columns queries filter on, then the first date or timestamp
     * column, are the compound sort key (zone maps skip blocks). Names that are not columns of the
     * table are ignored.
     *
     * @param columns the table's columns
     * @param joinKeys columns the table is joined on, most important first
     * @param filterColumns columns dashboards filter on, most selective first
     */
    public static Layout suggest(
        List<ColumnSpec> columns, List<String> joinKeys, List<String> filterColumns) {
      Optional<String> dist =
          joinKeys.stream().map(k -> column(columns, k)).flatMap(Optional::stream).findFirst();
      List<String> sort = new ArrayList<>();
      for (String f : filterColumns) {
        column(columns, f).filter(c -> !sort.contains(c)).ifPresent(sort::add);
      }
      columns.stream()
          .filter(c -> temporal(c.type()))
          .map(ColumnSpec::name)
          .filter(c -> !sort.contains(c))
          .findFirst()
          .ifPresent(sort::add);
      String reason =
          (dist.map(d -> "DISTKEY " + d + " (join key)")
                  .orElse("DISTSTYLE AUTO (no join key given)"))
              + "; "
              + (sort.isEmpty()
                  ? "SORTKEY AUTO (no filter or time column)"
                  : "SORTKEY ("
                      + String.join(", ", sort)
                      + ") (filter columns, then the first time column)");
      return new Layout(dist, sort, reason);
    }

    private static Optional<String> column(List<ColumnSpec> columns, String name) {
      return columns.stream()
          .map(ColumnSpec::name)
          .filter(n -> n.equalsIgnoreCase(name.trim()))
          .findFirst();
    }
  }

  /**
   * A Redshift column type and, when the mapping loses something, why.
   *
   * @param type the Redshift type
   * @param warning what is lost, or null
   */
  public record RedshiftType(String type, @Nullable String warning) {}

  /**
   * The statement and its warnings.
   *
   * @param sql the CREATE TABLE statement
   * @param warnings one per lossy type mapping
   */
  public record Ddl(String sql, List<String> warnings) {}

  private RedshiftTableDdl() {}

  private static boolean temporal(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    return t.startsWith("date") || t.startsWith("timestamp");
  }

  /** Maps an Athena (Glue or Trino) column type to a Redshift one. */
  public static RedshiftType redshiftType(ColumnSpec spec) {
    ColumnSpec c = spec.sized();
    String t = c.type();
    int length = c.length();
    int precision = c.precision();
    int scale = c.scale();
    String col = spec.name() + " (" + spec.type() + ")";
    if (t.startsWith("array")
        || t.startsWith("map")
        || t.startsWith("row")
        || t.startsWith("struct")
        || t.equals("json")) {
      return new RedshiftType(
          "SUPER",
          col
              + ": nested values become SUPER; COPY from Parquet needs "
              + "SERIALIZETOJSON for them");
    }
    if (t.startsWith("timestamp") && t.contains("with time zone")) {
      return new RedshiftType("TIMESTAMPTZ", null);
    }
    return switch (t) {
      case "tinyint" ->
          new RedshiftType(
              "SMALLINT", col + ": widened to SMALLINT (Redshift has no 1-byte integer)");
      case "smallint" -> new RedshiftType("SMALLINT", null);
      case "integer", "int" -> new RedshiftType("INTEGER", null);
      case "bigint" -> new RedshiftType("BIGINT", null);
      case "real", "float" -> new RedshiftType("REAL", null);
      case "double", "double precision" -> new RedshiftType("DOUBLE PRECISION", null);
      case "decimal", "numeric" ->
          precision <= 0
              ? new RedshiftType(
                  "DECIMAL(38,18)", col + ": no declared precision; DECIMAL(38,18) assumed")
              : new RedshiftType(
                  "DECIMAL(" + Math.min(precision, 38) + "," + Math.min(scale, 37) + ")",
                  precision > 38 ? col + ": precision over 38 capped at 38" : null);
      case "boolean" -> new RedshiftType("BOOLEAN", null);
      case "date" -> new RedshiftType("DATE", null);
      case "timestamp" ->
          precision > 6
              ? new RedshiftType(
                  "TIMESTAMP", col + ": Redshift keeps microseconds; finer precision is cut")
              : new RedshiftType("TIMESTAMP", null);
      case "char", "character" ->
          length > 0 && length <= 4096
              ? new RedshiftType("CHAR(" + length + ")", null)
              : new RedshiftType(
                  "VARCHAR(65535)",
                  col + ": CHAR without a length up to 4,096 becomes VARCHAR(65535)");
      case "varchar", "character varying" ->
          length > 0 && length <= 65535
              ? new RedshiftType(
                  "VARCHAR(" + length + ")",
                  col
                      + ": Redshift counts VARCHAR("
                      + length
                      + ") in bytes, "
                      + "Athena in characters; multi-byte text longer than "
                      + (length / 4)
                      + " characters may not fit")
              : new RedshiftType(
                  "VARCHAR(65535)",
                  col
                      + ": unbounded text becomes VARCHAR(65535) (bytes); longer values "
                      + "fail the COPY");
      case "string" ->
          new RedshiftType(
              "VARCHAR(65535)",
              col
                  + ": unbounded text becomes VARCHAR(65535) (bytes); "
                  + "longer values fail the COPY");
      case "varbinary", "binary" -> new RedshiftType("VARBYTE", null);
      default -> new RedshiftType("VARCHAR(65535)", col + ": unknown type; loaded as text");
    };
  }

  /**
   * Returns the CREATE TABLE for {@code schema.table} with {@code columns} (from Athena) and {@code
   * layout}; every name is checked to be a plain identifier (DDL takes no parameters).
   */
  public static Ddl createTable(
      String schema, String table, List<ColumnSpec> columns, Layout layout) {
    name(schema);
    name(table);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("table " + table + " has no columns");
    }
    List<String> names =
        columns.stream().map(c -> name(c.name()).toLowerCase(Locale.ROOT)).toList();
    for (String k : layout.distKey().stream().toList()) {
      if (!names.contains(name(k).toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "DISTKEY " + k + " is not a column of " + table + "; columns: " + names);
      }
    }
    for (String k : layout.sortKeys()) {
      if (!names.contains(name(k).toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "SORTKEY " + k + " is not a column of " + table + "; columns: " + names);
      }
    }
    List<String> warnings = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder("CREATE TABLE IF NOT EXISTS \"")
            .append(schema)
            .append("\".\"")
            .append(table)
            .append("\" (");
    for (int i = 0; i < columns.size(); i++) {
      ColumnSpec c = columns.get(i);
      RedshiftType r = redshiftType(c);
      if (r.warning() != null) {
        warnings.add(table + "." + r.warning());
      }
      sql.append(i == 0 ? "\n  " : ",\n  ")
          .append('"')
          .append(c.name().toLowerCase(Locale.ROOT))
          .append("\" ")
          .append(r.type());
    }
    sql.append("\n)");
    sql.append(
        layout
            .distKey()
            .map(k -> " DISTSTYLE KEY DISTKEY (\"" + k.toLowerCase(Locale.ROOT) + "\")")
            .orElse(" DISTSTYLE AUTO"));
    sql.append(
        layout.sortKeys().isEmpty()
            ? " SORTKEY AUTO"
            : " COMPOUND SORTKEY ("
                + String.join(
                    ", ",
                    layout.sortKeys().stream()
                        .map(k -> "\"" + k.toLowerCase(Locale.ROOT) + "\"")
                        .toList())
                + ")");
    sql.append(" ENCODE AUTO");
    return new Ddl(sql.toString(), List.copyOf(warnings));
  }

  private static String name(String n) {
    if (n == null || !NAME.matcher(n).matches()) {
      throw new IllegalArgumentException("'" + n + "' is not a plain name (letters, digits, '_')");
    }
    return n;
  }
}
