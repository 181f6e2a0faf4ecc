package dev.runway.athena;

import dev.runway.core.query.ColumnSpec;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Makes exported Parquet files queryable in Athena: a Glue database and an external Parquet table
 * per exported table (partitions loaded when partitioned), created with Athena DDL so that no Glue
 * permissions beyond Athena's are needed. Column types come from the source catalog through {@link
 * #glueType}; each lossy mapping is returned as a warning.
 */
public final class AthenaExternalTables {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern LOCATION =
      Pattern.compile("s3://[A-Za-z0-9.\\-_]+/[A-Za-z0-9/._=\\-]*/");

  /** A Glue (Hive) type for a source column, and a warning when the mapping loses something. */
  public record GlueType(String type, @Nullable String warning) {}

  private final DatabaseClient athena;

  private AthenaExternalTables(DatabaseClient athena) {
    this.athena = Objects.requireNonNull(athena, "athena");
  }

  /** Returns a creator running its DDL on {@code athena}. */
  public static AthenaExternalTables on(DatabaseClient athena) {
    return new AthenaExternalTables(athena);
  }

  /**
   * Maps a Redshift (or PostgreSQL, or DuckDB) column type to the Glue type Athena reads Parquet
   * with: integers alike, DECIMAL(p,s) to decimal(p,s), REAL to float, DOUBLE PRECISION to double,
   * BOOLEAN, CHAR(n &lt;= 255) to char(n), VARCHAR and longer CHAR to string, DATE, TIMESTAMP and
   * TIMESTAMPTZ to timestamp, SUPER/TIME/VARBYTE/GEOMETRY (and anything unknown) to string.
   */
  public static GlueType glueType(ColumnSpec c) {
    ColumnSpec sized = c.sized();
    String t = sized.type();
    int length = sized.length();
    int precision = sized.precision();
    int scale = sized.scale();
    String col = c.name() + " (" + c.type() + ")";
    return switch (t) {
      case "smallint", "int2", "tinyint" -> new GlueType("smallint", null);
      case "integer", "int", "int4" -> new GlueType("int", null);
      case "bigint", "int8" -> new GlueType("bigint", null);
      case "numeric", "decimal" ->
          precision <= 0
              ? new GlueType(
                  "decimal(38,18)", col + ": no declared precision; " + "decimal(38,18) assumed")
              : precision > 38
                  ? new GlueType(
                      "decimal(38," + Math.min(scale, 38) + ")",
                      col + ": precision over 38 capped at 38")
                  : new GlueType("decimal(" + precision + "," + scale + ")", null);
      case "real", "float4" -> new GlueType("float", null);
      case "double precision", "float8", "double", "float" -> new GlueType("double", null);
      case "boolean", "bool" -> new GlueType("boolean", null);
      case "character", "char", "bpchar", "nchar" ->
          length > 0 && length <= 255
              ? new GlueType("char(" + length + ")", null)
              : new GlueType(
                  "string",
                  col + ": CHAR longer than 255 becomes string; trailing blanks are kept as data");
      case "character varying", "varchar", "nvarchar", "text", "string" ->
          new GlueType("string", null);
      case "date" -> new GlueType("date", null);
      case "timestamp", "timestamp without time zone" -> new GlueType("timestamp", null);
      case "timestamptz", "timestamp with time zone" ->
          new GlueType(
              "timestamp",
              col + ": the time zone is dropped; values are UTC instants as timestamp");
      case "super",
          "time",
          "timetz",
          "time without time zone",
          "time with time zone",
          "varbyte",
          "varbinary",
          "binary varying",
          "blob",
          "geometry",
          "geography",
          "hllsketch" ->
          new GlueType(
              "string",
              col + ": no Glue equivalent; read as string (check the Parquet writer's encoding)");
      default -> new GlueType("string", col + ": unknown type; read as string");
    };
  }

  /**
   * Creates the database (if missing) and the external table over {@code location}.
   *
   * @param database the Glue database
   * @param table the table name
   * @param columns the columns, from the source catalog, without the partition column
   * @param location the {@code s3://bucket/prefix/} holding the Parquet files
   * @param partition the partition column and its source spec, or {@code null}
   * @return the warnings of lossy type mappings
   */
  public List<String> create(
      String database,
      String table,
      List<ColumnSpec> columns,
      String location,
      ColumnSpec partition) {
    name(database);
    name(table);
    if (!LOCATION.matcher(location).matches()) {
      throw new IllegalArgumentException(
          "location "
              + location
              + " must be an s3://bucket/prefix/ of plain "
              + "characters, ending in /");
    }
    List<String> warnings = new ArrayList<>();
    StringBuilder ddl =
        new StringBuilder("CREATE EXTERNAL TABLE IF NOT EXISTS `")
            .append(database)
            .append("`.`")
            .append(table)
            .append("` (");
    for (int i = 0; i < columns.size(); i++) {
      ColumnSpec c = columns.get(i);
      GlueType g = glueType(c);
      if (g.warning() != null) {
        warnings.add(table + "." + g.warning());
      }
      ddl.append(i == 0 ? "" : ", ")
          .append('`')
          .append(name(c.name()))
          .append("` ")
          .append(g.type());
    }
    ddl.append(")");
    if (partition != null) {
      GlueType g = glueType(partition);
      if (g.warning() != null) {
        warnings.add(table + "." + g.warning());
      }
      ddl.append(" PARTITIONED BY (`")
          .append(name(partition.name()))
          .append("` ")
          .append(g.type())
          .append(")");
    }
    ddl.append(" STORED AS PARQUET LOCATION '").append(location).append("'");
    run("CREATE DATABASE IF NOT EXISTS `" + database + "`");
    run(ddl.toString());
    if (partition != null) {
      run("MSCK REPAIR TABLE `" + database + "`.`" + table + "`");
    }
    return List.copyOf(warnings);
  }

  private void run(String sql) {
    athena.execute(Query.builder(sql).cacheable(false).build());
  }

  private static String name(String n) {
    if (!NAME.matcher(n).matches()) {
      throw new IllegalArgumentException("'" + n + "' is not a plain name (letters, digits, '_')");
    }
    return n.toLowerCase(Locale.ROOT);
  }
}
