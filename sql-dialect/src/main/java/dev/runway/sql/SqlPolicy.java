package dev.runway.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.runway.core.cost.ScanEstimator;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What SQL written by someone else (a language model, a user, a report designer) may do before it
 * reaches an engine: one {@code SELECT}, over listed tables and, optionally, listed columns,
 * calling no function that reads files, the network or the server, touching no system catalogue,
 * returning at most a set number of rows and, where the engine can estimate, scanning at most a set
 * number of bytes. Everything else is refused with the rule and the line and column of what broke
 * it.
 *
 * <p>The check reads the statement as JSqlParser's syntax tree says it is, not as a pattern
 * guesses: a forbidden table in a {@code UNION}, a CTE, a subquery in {@code WHERE} or a lateral
 * join is found, and a forbidden name inside a string or a comment is not a reference. What the
 * parser cannot read is refused ({@link PolicyRule#PARSE}): a policy that cannot see a statement
 * does not pass it. Two independent readings back each other up: every table JSqlParser's own
 * {@code TablesNamesFinder} reports must also be allowed, and every word followed by {@code (} is
 * checked against the forbidden functions, so a construct one walk misses the other refuses.
 *
 * <pre>{@code
 * SqlPolicy policy = SqlPolicy.builder()
 *     .allowTables("product", "warehouse_product")
 *     .allowColumns("product", "product_id", "product_name", "category", "unit_cost")
 *     .maxRows(1_000)
 *     .build();
 * DatabaseClient guarded = policy.guard(database);   // refuses before anything reaches the engine
 * }</pre>
 *
 * <p>Names are compared without quotes, in lower case, after Unicode NFKC normalisation (so a
 * full-width or quoted {@code "PG_USER"} is still a catalogue); an allowed name must match exactly,
 * so a look-alike letter makes a name that is not allowed. A schema-qualified reference matches
 * only an entry with the same schema. Thread-safe; decisions are kept per SQL text (the scan
 * estimate, which depends on the parameters, is asked for each query).
 */
public final class SqlPolicy {

  /**
   * Functions refused on every engine: they read files, the network or the server, or run SQL from
   * a string.
   */
  static final Set<String> DENIED_FUNCTIONS =
      Set.of(
          // PostgreSQL and Redshift
          "current_setting",
          "set_config",
          "version",
          "nextval",
          "setval",
          "lo_import",
          "lo_export",
          "lo_get",
          "lo_put",
          "has_table_privilege",
          "has_schema_privilege",
          "has_database_privilege",
          "has_column_privilege",
          "has_function_privilege",
          "has_assumerole_privilege",
          "inet_server_addr",
          "inet_server_port",
          // DuckDB
          "getenv",
          "glob",
          "query",
          "query_table",
          "sniff_csv",
          "parquet_scan",
          "parquet_metadata",
          "parquet_schema",
          "parquet_file_metadata",
          "parquet_kv_metadata",
          "iceberg_scan",
          "iceberg_metadata",
          "delta_scan",
          "sqlite_scan",
          "sqlite_attach",
          "postgres_scan",
          "postgres_query",
          "postgres_execute",
          "mysql_query",
          "mysql_execute",
          "which_secret",
          "load_extension",
          "current_database",
          // MySQL-compatible JDBC engines
          "sleep",
          "benchmark",
          "load_file");

  /**
   * Prefixes of forbidden functions: file readers, Postgres's server functions, SQL-from-string
   * helpers.
   */
  static final List<String> DENIED_FUNCTION_PREFIXES =
      List.of(
          "read_",
          "pg_",
          "dblink",
          "lo_",
          "query_to_",
          "table_to_",
          "cursor_to_",
          "schema_to_",
          "database_to_",
          "http_");

  /** Schemas and catalogues that are system catalogues on some engine. */
  static final Set<String> CATALOGUE_SCHEMAS =
      Set.of(
          "information_schema",
          "pg_catalog",
          "pg_toast",
          "pg_temp",
          "system",
          "sys",
          "duckdb",
          "temp");

  /** Table-name prefixes of system views (Redshift's, PostgreSQL's, DuckDB's, SQLite's). */
  static final List<String> CATALOGUE_PREFIXES =
      List.of(
          "pg_", "stl_", "stv_", "svv_", "svl_", "svcs_", "stcs_", "sys_", "duckdb_", "pragma_",
          "sqlite_");

  private final Map<String, TableAccess> tables;
  private final int maxRows;
  private final int maxLength;
  private final Set<String> deniedFunctions;
  private final Set<String> allowedTableFunctions;
  private final ScanEstimator estimator;
  private final long scanBudgetBytes;
  private final Cache<String, Decision> decisions;

  /** A listed table and, if its columns are listed, which. */
  record TableAccess(String schema, String name, Set<String> columns) {
    boolean restricted() {
      return columns != null;
    }

    String display() {
      return schema == null ? name : schema + "." + name;
    }
  }

  /**
   * One reason a statement is refused.
   *
   * @param rule the rule it breaks
   * @param message what was found and what is allowed instead
   * @param line the 1-based line of what broke it
   * @param column the 1-based column
   */
  public record Violation(PolicyRule rule, String message, int line, int column) {
    @Override
    public String toString() {
      return rule.id() + " at " + line + ":" + column + ": " + message;
    }
  }

  /**
   * The outcome of a check.
   *
   * @param query the query to run (the row limit added or tightened), or the query as given when
   *     refused
   * @param violations why it is refused; empty when accepted
   * @param rewrites what the policy changed in an accepted query (such as {@code LIMIT 1000 added})
   */
  public record Decision(Query query, List<Violation> violations, List<String> rewrites) {
    /** Returns whether the query may run. */
    public boolean accepted() {
      return violations.isEmpty();
    }

    /** Returns the first violation's rule, or {@code null} when accepted. */
    public PolicyRule rule() {
      return violations.isEmpty() ? null : violations.get(0).rule();
    }

    Decision with(Query q) {
      return new Decision(q, violations, rewrites);
    }
  }

  private SqlPolicy(Builder b) {
    this.tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.tables));
    this.maxRows = b.maxRows;
    this.maxLength = b.maxLength;
    Set<String> denied = new LinkedHashSet<>(DENIED_FUNCTIONS);
    denied.addAll(b.deniedFunctions);
    this.deniedFunctions = Set.copyOf(denied);
    this.allowedTableFunctions = Set.copyOf(b.allowedTableFunctions);
    this.estimator = b.estimator;
    this.scanBudgetBytes = b.scanBudgetBytes;
    this.decisions =
        b.remembered == 0 ? null : Caffeine.newBuilder().maximumSize(b.remembered).build();
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Wraps {@code database} so that every query is checked, and refused ones never reach it. */
  public SqlPolicyDatabaseClient guard(DatabaseClient database) {
    return new SqlPolicyDatabaseClient(database, this);
  }

  /** Checks SQL text without parameters; see {@link #check(Query)}. */
  public Decision check(String sql) {
    return check(Query.of(sql));
  }

  /**
   * Checks {@code query}. An accepted query's {@link Decision#query()} is the one to run: the same
   * query, or with its row limit added or tightened. Never throws for what the SQL says; a scan
   * estimator's failure is thrown as it came.
   */
  public Decision check(Query query) {
    Objects.requireNonNull(query, "query");
    String sql = query.sql();
    Decision d =
        decisions == null || sql.length() > maxLength
            ? checkText(sql)
            : decisions.get(sql, this::checkText);
    if (!d.accepted()) {
      return d.with(query);
    }
    Query toRun = d.query().sql().equals(sql) ? query : query.withSql(d.query().sql());
    if (estimator != null) {
      OptionalLong bytes = estimator.estimateBytes(toRun);
      if (bytes.isPresent() && bytes.getAsLong() > scanBudgetBytes) {
        return new Decision(
            query,
            List.of(
                new Violation(
                    PolicyRule.SCAN_BUDGET,
                    "the engine estimates "
                        + bytes.getAsLong()
                        + " bytes scanned, over the policy's budget of "
                        + scanBudgetBytes
                        + " bytes; filter on partition columns or select fewer columns",
                    1,
                    1)),
            List.of());
      }
    }
    return new Decision(toRun, List.of(), d.rewrites());
  }

  /** Returns the allowed tables, as given to the builder (lower case). */
  public Set<String> allowedTables() {
    return tables.values().stream()
        .map(TableAccess::display)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * Returns the columns allowed on {@code table} (an unqualified or {@code schema.table} name), or
   * empty when every column is allowed or the table is not listed.
   */
  public java.util.Optional<Set<String>> allowedColumns(String table) {
    String[] parts = table.split("\\.");
    TableAccess t =
        parts.length == 2
            ? table(normalise(parts[0]), normalise(parts[1]))
            : table(null, normalise(table));
    return t == null || !t.restricted()
        ? java.util.Optional.empty()
        : java.util.Optional.of(t.columns());
  }

  /** Returns the row limit every accepted query carries, or 0 for none. */
  public int maxRows() {
    return maxRows;
  }

  private Decision checkText(String sql) {
    return new PolicyCheck(this, sql).run();
  }

  // --- what PolicyCheck asks ---

  TableAccess table(String schema, String name) {
    return tables.get(key(schema, name));
  }

  boolean anyRestrictedNamed(String name) {
    return tables.values().stream().anyMatch(t -> t.restricted() && t.name().equals(name));
  }

  TableAccess restrictedNamed(String name) {
    return tables.values().stream()
        .filter(t -> t.restricted() && t.name().equals(name))
        .findFirst()
        .orElse(null);
  }

  boolean functionDenied(String lowerName) {
    if (deniedFunctions.contains(lowerName)) {
      return true;
    }
    for (String p : DENIED_FUNCTION_PREFIXES) {
      if (lowerName.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  boolean tableFunctionAllowed(String lowerName) {
    return allowedTableFunctions.contains(lowerName);
  }

  int maxLength() {
    return maxLength;
  }

  static boolean catalogueSchema(String lower) {
    return lower != null && (CATALOGUE_SCHEMAS.contains(lower) || lower.startsWith("pg_temp"));
  }

  static boolean catalogueTable(String lower) {
    if (lower.indexOf('$') >= 0) {
      return true; // Athena's (Trino Hive's) metadata tables: "orders$partitions", "orders$files"
    }
    for (String p : CATALOGUE_PREFIXES) {
      if (lower.startsWith(p)) {
        return true;
      }
    }
    return lower.equals("sqlite_master") || lower.equals("sqlite_schema");
  }

  /** Strips quotes and brackets, applies NFKC and lower-cases: how every name is compared. */
  static String normalise(String name) {
    if (name == null) {
      return null;
    }
    String s = name.strip();
    if (s.length() >= 2
        && ((s.startsWith("\"") && s.endsWith("\""))
            || (s.startsWith("`") && s.endsWith("`"))
            || (s.startsWith("[") && s.endsWith("]")))) {
      s = s.substring(1, s.length() - 1);
    }
    return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }

  private static String key(String schema, String name) {
    return (schema == null ? "" : schema + ".") + name;
  }

  @Override
  public String toString() {
    return "SqlPolicy[tables="
        + allowedTables()
        + ", maxRows="
        + maxRows
        + ", scanBudgetBytes="
        + (estimator == null ? "none" : Long.toString(scanBudgetBytes))
        + "]";
  }

  /** Builds a {@link SqlPolicy}; at least one table must be allowed. */
  public static final class Builder {
    private final Map<String, TableAccess> tables = new LinkedHashMap<>();
    private int maxRows;
    private int maxLength = 20_000;
    private final Set<String> deniedFunctions = new LinkedHashSet<>();
    private final Set<String> allowedTableFunctions =
        new LinkedHashSet<>(List.of("unnest", "generate_series"));
    private ScanEstimator estimator;
    private long scanBudgetBytes;
    private int remembered = 1_000;

    private Builder() {}

    /**
     * Allows reading these tables, every column. A name may be schema-qualified ({@code
     * analytics.product}); then only that schema's table is allowed.
     */
    public Builder allowTables(String... names) {
      for (String n : names) {
        TableAccess t = parseName(n, null);
        tables.putIfAbsent(key(t.schema(), t.name()), t);
      }
      return this;
    }

    /** Allows reading {@code table} (as {@link #allowTables}) and only these of its columns. */
    public Builder allowColumns(String table, String... columns) {
      if (columns.length == 0) {
        throw new IllegalArgumentException(
            "allowColumns(\""
                + table
                + "\") needs at least one column; "
                + "to allow every column use allowTables");
      }
      Set<String> cols =
          Arrays.stream(columns).map(SqlPolicy::normalise).collect(Collectors.toUnmodifiableSet());
      TableAccess t = parseName(table, cols);
      tables.put(key(t.schema(), t.name()), t);
      return this;
    }

    /**
     * Adds or tightens a row limit: a statement without {@code LIMIT} gets {@code LIMIT n}, one
     * with a larger limit gets {@code n}; 0 (the default) for none.
     */
    public Builder maxRows(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxRows must be >= 0 (0 for no limit), got " + n);
      }
      this.maxRows = n;
      return this;
    }

    /** Refuses texts longer than {@code chars} characters (default 20,000). */
    public Builder maxLength(int chars) {
      if (chars < 1) {
        throw new IllegalArgumentException("maxLength must be >= 1, got " + chars);
      }
      this.maxLength = chars;
      return this;
    }

    /** Refuses these functions too, in addition to the built-in list. */
    public Builder denyFunctions(String... names) {
      for (String n : names) {
        deniedFunctions.add(normalise(n));
      }
      return this;
    }

    /**
     * Allows these table functions in {@code FROM} (default: {@code unnest}, {@code
     * generate_series}).
     */
    public Builder allowTableFunctions(String... names) {
      for (String n : names) {
        allowedTableFunctions.add(normalise(n));
      }
      return this;
    }

    /**
     * Refuses a query whose estimated scan is over {@code bytes}, asking {@code estimator} (such as
     * the Athena client's {@code scanEstimator()}) once per query.
     */
    public Builder scanBudget(ScanEstimator estimator, long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("the scan budget must be >= 1 byte, got " + bytes);
      }
      this.estimator = Objects.requireNonNull(estimator, "estimator");
      this.scanBudgetBytes = bytes;
      return this;
    }

    /** How many SQL texts' decisions are kept (default 1,000; 0 keeps none). */
    public Builder remembered(int texts) {
      if (texts < 0) {
        throw new IllegalArgumentException("remembered must be >= 0, got " + texts);
      }
      this.remembered = texts;
      return this;
    }

    /** Builds the policy. */
    public SqlPolicy build() {
      if (tables.isEmpty()) {
        throw new IllegalStateException(
            "a SqlPolicy allows no table: call allowTables(...) or allowColumns(...)");
      }
      return new SqlPolicy(this);
    }

    private static TableAccess parseName(String qualified, Set<String> columns) {
      Objects.requireNonNull(qualified, "table");
      String[] parts = qualified.split("\\.");
      if (parts.length > 2 || Arrays.stream(parts).anyMatch(String::isBlank)) {
        throw new IllegalArgumentException(
            "'" + qualified + "' is not a table name: use table or schema.table");
      }
      return parts.length == 1
          ? new TableAccess(null, normalise(parts[0]), columns)
          : new TableAccess(normalise(parts[0]), normalise(parts[1]), columns);
    }
  }

  static List<Violation> sorted(List<Violation> v) {
    List<Violation> out = new ArrayList<>(v);
    out.sort(Comparator.comparingInt(Violation::line).thenComparingInt(Violation::column));
    return List.copyOf(out);
  }
}
