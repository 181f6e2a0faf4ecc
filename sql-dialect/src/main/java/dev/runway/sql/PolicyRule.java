package dev.runway.sql;

/**
 * The rules of a {@link SqlPolicy}, each with the identifier a refusal carries. The order is the
 * order in which they are checked; the first statement-level rule that fails ends the check.
 */
public enum PolicyRule {
  /** The text is longer than the policy allows. */
  TOO_LONG("too-long"),
  /** More than one statement (a {@code ;} outside strings and comments followed by more SQL). */
  SINGLE_STATEMENT("single-statement"),
  /** The parser cannot read it; what cannot be read cannot be checked, so it is refused. */
  PARSE("parse"),
  /**
   * Not a read: DDL, DML, {@code COPY}, {@code UNLOAD}, {@code CALL}, {@code SET}, {@code SHOW},
   * {@code EXPLAIN}, {@code SELECT ... INTO}, {@code FOR UPDATE}, a data-modifying {@code WITH}.
   */
  SELECT_ONLY("select-only"),
  /**
   * A system catalogue: {@code information_schema}, {@code pg_catalog} and {@code pg_*}, Redshift's
   * {@code stl_}, {@code stv_}, {@code svv_}, {@code svl_}, {@code svcs_}, {@code stcs_} and {@code
   * sys_} views, Trino's {@code system} catalogue, Athena's {@code $}-suffixed metadata tables,
   * DuckDB's {@code duckdb_*} functions and {@code sqlite_master}.
   */
  CATALOGUE("catalogue"),
  /** An Athena federated source: a {@code lambda:} catalogue or a pass-through query function. */
  FEDERATED("federated"),
  /** A table that is not on the policy's list. */
  TABLE("table"),
  /** A column of a table whose columns are listed, that is not on the list. */
  COLUMN("column"),
  /** {@code *} or {@code t.*} over a table whose columns are listed. */
  STAR("star"),
  /** A function that reads files, the network or the server, sleeps, or changes settings. */
  FUNCTION("function"),
  /** A table function in {@code FROM} other than {@code unnest} and {@code generate_series}. */
  TABLE_FUNCTION("table-function"),
  /** A {@code LIMIT} that is not a number (the policy cannot tighten it). */
  LIMIT("limit"),
  /** The engine's estimate of the bytes the query scans is over the policy's budget. */
  SCAN_BUDGET("scan-budget");

  private final String id;

  PolicyRule(String id) {
    this.id = id;
  }

  /** Returns the rule's identifier, such as {@code select-only}. */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
