package dev.runway.redshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.core.query.ColumnSpec;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.Row;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Moves tables between Redshift and S3 Parquet: {@link #export} reads a table's columns from the
 * catalog and runs {@code UNLOAD ... FORMAT AS PARQUET} (optionally {@code PARTITION BY (c)
 * INCLUDE}, so the partition column stays in the files) with {@code MANIFEST VERBOSE}, {@code
 * MAXFILESIZE} and an IAM role, then reads the manifest's row counts; {@link #createTable} creates
 * a table from another engine's columns ({@link RedshiftTableDdl}) and {@link #importParquet} runs
 * {@code COPY ... FORMAT AS PARQUET} for the way back.
 *
 * <p>UNLOAD and COPY take no bind parameters, so every name, location and role that goes into their
 * text is checked against a strict pattern first; nothing else is ever spliced.
 */
public final class RedshiftTableTransfer {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern LOCATION =
      Pattern.compile("s3://[A-Za-z0-9.\\-_]+/[A-Za-z0-9/._=\\-]*/");
  private static final Pattern ROLE =
      Pattern.compile("arn:aws[a-z\\-]*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/\\-]+");
  private static final Pattern SIZE = Pattern.compile("\\d+ ?(MB|GB)");

  /**
   * A finished export.
   *
   * @param table the schema-qualified table
   * @param location where the Parquet files are
   * @param columns the table's columns, in order (the partition column included)
   * @param rows rows written, from the manifest
   * @param files the files written
   */
  public record Export(
      String table, String location, List<ColumnSpec> columns, long rows, List<String> files) {}

  private final DatabaseClient redshift;
  private final String iamRole;
  private final Function<String, String> readObject;
  private String maxFileSize = "256 MB";

  /**
   * Creates a transfer.
   *
   * @param redshift the Redshift client (Data API or JDBC)
   * @param iamRole the role Redshift assumes to read and write S3
   * @param readObject reads an {@code s3://} object as text (the manifest), e.g. with an S3 client
   */
  public RedshiftTableTransfer(
      DatabaseClient redshift, String iamRole, Function<String, String> readObject) {
    this.redshift = Objects.requireNonNull(redshift, "redshift");
    if (!ROLE.matcher(Objects.requireNonNull(iamRole, "iamRole")).matches()) {
      throw new IllegalArgumentException(
          "IAM role " + iamRole + " is not a role ARN (arn:aws:iam::123456789012:role/Name)");
    }
    this.iamRole = iamRole;
    this.readObject = Objects.requireNonNull(readObject, "readObject");
  }

  /** Sets UNLOAD's MAXFILESIZE, such as {@code 256 MB} (default) or {@code 1 GB}. */
  public RedshiftTableTransfer maxFileSize(String size) {
    if (!SIZE.matcher(size).matches()) {
      throw new IllegalArgumentException(
          "max file size must look like '256 MB' or '1 GB', got " + size);
    }
    this.maxFileSize = size;
    return this;
  }

  /** Returns the columns of {@code schema.table} from the catalog, in order. */
  public List<ColumnSpec> columns(String schema, String table) {
    QueryResult r =
        redshift.execute(
            Query.builder(
                    "SELECT column_name, data_type, character_maximum_length, "
                        + "numeric_precision, numeric_scale FROM information_schema.columns "
                        + "WHERE table_schema = :schema AND table_name = :table ORDER BY ordinal_position")
                .param("schema", schema)
                .param("table", table)
                .cacheable(false)
                .build());
    List<ColumnSpec> out = new ArrayList<>();
    for (Row row : r) {
      out.add(
          new ColumnSpec(
              Objects.requireNonNull(row.getString(0), "column_name"),
              Objects.requireNonNull(row.getString(1), "data_type"),
              intOf(row.get(2)),
              intOf(row.get(3)),
              intOf(row.get(4))));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "table "
              + schema
              + "."
              + table
              + " has no columns in information_schema: "
              + "check the schema and table names and the user's access");
    }
    return out;
  }

  private static int intOf(@Nullable Object v) {
    return v == null ? 0 : v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString());
  }

  /**
   * Unloads {@code schema.table} as Parquet to {@code prefix + table + "/"}.
   *
   * @param partitionColumn a column to partition the files by, or {@code null}
   */
  public Export export(String schema, String table, String prefix, String partitionColumn) {
    name(schema);
    name(table);
    String location = prefix + table + "/";
    if (!LOCATION.matcher(location).matches()) {
      throw new IllegalArgumentException(
          "prefix " + prefix + " must be an s3://bucket/path/ of plain characters, ending in /");
    }
    List<ColumnSpec> columns = columns(schema, table);
    StringBuilder sql =
        new StringBuilder("UNLOAD ('SELECT * FROM \"")
            .append(schema)
            .append("\".\"")
            .append(table)
            .append("\"') TO '")
            .append(location)
            .append("' IAM_ROLE '")
            .append(iamRole)
            .append("' FORMAT AS PARQUET");
    if (partitionColumn != null) {
      // INCLUDE writes the partition column into the files too: without it the column lives only in
      // the paths, and a COPY of the files back into Redshift would lose it
      sql.append(" PARTITION BY (").append(name(partitionColumn)).append(") INCLUDE");
    }
    sql.append(" MANIFEST VERBOSE MAXFILESIZE ").append(maxFileSize).append(" ALLOWOVERWRITE");
    redshift.execute(Query.builder(sql.toString()).cacheable(false).build());
    JsonNode manifest;
    try {
      manifest = new ObjectMapper().readTree(readObject.apply(location + "manifest"));
    } catch (IOException e) {
      throw new IllegalStateException(
          "the UNLOAD manifest at " + location + "manifest does not parse: " + e.getMessage(), e);
    }
    List<String> files = new ArrayList<>();
    long rows = 0;
    for (JsonNode entry : manifest.path("entries")) {
      files.add(entry.path("url").asText());
      rows += entry.path("meta").path("record_count").asLong();
    }
    if (manifest.path("meta").has("record_count")) {
      rows = manifest.path("meta").path("record_count").asLong();
    }
    return new Export(
        schema + "." + table, location, List.copyOf(columns), rows, List.copyOf(files));
  }

  /**
   * Creates {@code schema.table} (if missing) for columns read from another engine, with {@code
   * layout}; returns the statement run and the lossy type mappings.
   */
  public RedshiftTableDdl.Ddl createTable(
      String schema, String table, List<ColumnSpec> columns, RedshiftTableDdl.Layout layout) {
    RedshiftTableDdl.Ddl ddl = RedshiftTableDdl.createTable(schema, table, columns, layout);
    redshift.execute(
        Query.builder("CREATE SCHEMA IF NOT EXISTS \"" + name(schema) + "\"")
            .cacheable(false)
            .build());
    redshift.execute(Query.builder(ddl.sql()).cacheable(false).build());
    return ddl;
  }

  /** Loads Parquet files at {@code location} into the existing {@code schema.table} with COPY. */
  public void importParquet(String schema, String table, String location) {
    name(schema);
    name(table);
    if (!LOCATION.matcher(location).matches()) {
      throw new IllegalArgumentException(
          "location "
              + location
              + " must be an s3://bucket/path/ of plain characters, ending in /");
    }
    redshift.execute(
        Query.builder(
                "COPY \""
                    + schema
                    + "\".\""
                    + table
                    + "\" FROM '"
                    + location
                    + "' IAM_ROLE '"
                    + iamRole
                    + "' FORMAT AS PARQUET")
            .cacheable(false)
            .build());
  }

  private static String name(String n) {
    if (n == null || !NAME.matcher(n).matches()) {
      throw new IllegalArgumentException("'" + n + "' is not a plain name (letters, digits, '_')");
    }
    return n;
  }
}
