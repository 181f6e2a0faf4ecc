package dev.runway.athena;

import dev.runway.core.query.ColumnSpec;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Exports an Athena table to Parquet files in S3 for loading elsewhere (the Athena -> Redshift
 * direction): the columns from {@code information_schema.columns}, the row count per partition,
 * then {@code UNLOAD (SELECT ...) TO 's3://...' WITH (format = 'PARQUET', compression = 'SNAPPY',
 * partitioned_by = ...)}, and the list of files from the manifest Athena writes next to the query's
 * results.
 *
 * <p>A partitioned UNLOAD writes its partition columns into the directory names only. So that the
 * files keep every column (a {@code COPY} into Redshift reads the files, not the paths), the table
 * is partitioned by a copy of the partition column, {@code <column>_partition}, selected last; the
 * files hold the table's columns in their order. UNLOAD takes no parameters: every name and
 * location that goes into its text must match a strict pattern first.
 */
public final class AthenaTableExport {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern LOCATION =
      Pattern.compile("s3://[A-Za-z0-9.\\-_]+/[A-Za-z0-9/._=\\-]*/");

  /**
   * A finished export.
   *
   * @param table the database-qualified table
   * @param location where the Parquet files are
   * @param columns the table's columns, in order (the partition column included)
   * @param partitionColumn the column the files are partitioned by, or null
   * @param rowsByPartition rows per partition value (one entry, key "", when not partitioned)
   * @param rows rows in all
   * @param files the files written, from Athena's manifest
   */
  public record Export(
      String table,
      String location,
      List<ColumnSpec> columns,
      @Nullable String partitionColumn,
      Map<String, Long> rowsByPartition,
      long rows,
      List<String> files) {}

  private final DatabaseClient athena;
  private final Function<String, String> readObject;
  private final String outputLocation;

  private AthenaTableExport(
      DatabaseClient athena, String outputLocation, Function<String, String> readObject) {
    this.athena = Objects.requireNonNull(athena, "athena");
    this.readObject = Objects.requireNonNull(readObject, "readObject");
    String out = Objects.requireNonNull(outputLocation, "outputLocation");
    this.outputLocation = out.endsWith("/") ? out : out + "/";
  }

  /**
   * Returns an exporter.
   *
   * @param athena the Athena client
   * @param outputLocation the client's query result location (Athena writes UNLOAD's manifest
   *     there)
   * @param readObject reads an {@code s3://} object as text, e.g. with an S3 client
   */
  public static AthenaTableExport on(
      DatabaseClient athena, String outputLocation, Function<String, String> readObject) {
    return new AthenaTableExport(athena, outputLocation, readObject);
  }

  /** Returns the columns of {@code database.table}, in order, with Athena's type names. */
  public List<ColumnSpec> columns(String database, String table) {
    QueryResult r =
        athena.execute(
            Query.builder(
                    "SELECT column_name, data_type FROM information_schema.columns "
                        + "WHERE table_schema = :schema AND table_name = :table ORDER BY ordinal_position")
                .param("schema", name(database))
                .param("table", name(table))
                .cacheable(false)
                .build());
    List<ColumnSpec> out = new ArrayList<>();
    for (Row row : r) {
      out.add(
          spec(
              Objects.requireNonNull(row.getString(0), "column_name"),
              Objects.requireNonNull(row.getString(1), "data_type")));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "table "
              + database
              + "."
              + table
              + " has no columns in information_schema: "
              + "check the database and table names and the workgroup's access to the Glue catalog");
    }
    return out;
  }

  /** Reads a type name such as {@code decimal(12,2)} or {@code varchar(32)} into a column spec. */
  static ColumnSpec spec(String name, String dataType) {
    return new ColumnSpec(name, dataType, 0, 0, 0).sized();
  }

  /**
   * Unloads {@code database.table} as Parquet to {@code prefix + table + "/"}, which must be empty
   * (Athena refuses to write into a location that holds files).
   *
   * @param partitionColumn a column to partition the files by, or {@code null}
   */
  public Export export(String database, String table, String prefix, String partitionColumn) {
    name(database);
    name(table);
    String location = prefix + table + "/";
    if (!LOCATION.matcher(location).matches()) {
      throw new IllegalArgumentException(
          "prefix "
              + prefix
              + " must be an s3://bucket/path/ of plain characters, "
              + "ending in /");
    }
    List<ColumnSpec> columns = columns(database, table);
    String partition = null;
    if (partitionColumn != null) {
      partition =
          columns.stream()
              .map(ColumnSpec::name)
              .filter(n -> n.equalsIgnoreCase(partitionColumn))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "partition column "
                              + partitionColumn
                              + " is not a column of "
                              + database
                              + "."
                              + table));
    }
    String from = "\"" + database + "\".\"" + table + "\"";
    Map<String, Long> counts = new LinkedHashMap<>();
    long rows = 0;
    if (partition == null) {
      rows =
          Objects.requireNonNull(
              athena
                  .execute(Query.builder("SELECT count(*) FROM " + from).cacheable(false).build())
                  .row(0)
                  .getLong(0),
              "count(*)");
      counts.put("", rows);
    } else {
      QueryResult r =
          athena.execute(
              Query.builder(
                      "SELECT CAST(\""
                          + name(partition)
                          + "\" AS varchar), count(*) FROM "
                          + from
                          + " GROUP BY 1 ORDER BY 1")
                  .cacheable(false)
                  .build());
      for (Row row : r) {
        long count = Objects.requireNonNull(row.getLong(1), "count(*)");
        counts.put(Objects.requireNonNullElse(row.getString(0), ""), count);
        rows += count;
      }
    }
    StringBuilder select = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      select.append(i == 0 ? "" : ", ").append('"').append(name(columns.get(i).name())).append('"');
    }
    if (partition != null) {
      select
          .append(", \"")
          .append(partition)
          .append("\" AS \"")
          .append(partition)
          .append("_partition\"");
    }
    select.append(" FROM ").append(from);
    String sql =
        "UNLOAD ("
            + select
            + ") TO '"
            + location
            + "' WITH (format = 'PARQUET', compression = 'SNAPPY'"
            + (partition == null ? "" : ", partitioned_by = ARRAY['" + partition + "_partition']")
            + ")";
    QueryResult r = athena.execute(Query.builder(sql).cacheable(false).build());
    String manifest =
        readObject.apply(
            outputLocation
                + r.stats()
                    .queryId()
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "the UNLOAD has no query id to find its manifest by"))
                + "-manifest.csv");
    List<String> files = manifest.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return new Export(
        database + "." + table,
        location,
        List.copyOf(columns),
        partition,
        java.util.Collections.unmodifiableMap(counts),
        rows,
        files);
  }

  private static String name(String n) {
    if (n == null || !NAME.matcher(n).matches()) {
      throw new IllegalArgumentException("'" + n + "' is not a plain name (letters, digits, '_')");
    }
    return n;
  }
}
