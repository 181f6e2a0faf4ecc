package dev.runway.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.InvalidQueryException;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Validates a table migration through two {@link DatabaseClient}s, engine-agnostic: row counts per
 * table (and per partition when a partition column is named), then per-column aggregates both
 * engines compute the same way (count, count of nulls, min, max, and sum of numeric columns), side
 * by side. Any difference fails the table. Values are compared as the engines' types allow: numbers
 * by value (decimals whatever their scale, floating-point sums to a relative 1e-9), timestamps to
 * the millisecond, text exactly.
 *
 * <p>The report ({@link Report#toJson()}, {@link Report#toMarkdown()}) is the seed's "detailed
 * migration report". With a state file, a re-run skips tables that already matched. Table and
 * column names are checked against a plain identifier pattern (they cannot be bound as parameters),
 * so a name cannot inject SQL.
 */
public final class TableValidator {

  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}");
  private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One figure compared on both sides. */
  public record Check(String what, String source, String target, boolean equal) {}

  /** One table's outcome. */
  public record TableReport(
      String table,
      boolean matched,
      long sourceRows,
      long targetRows,
      List<Check> checks,
      boolean skipped) {

    /** Returns the checks that differ. */
    public List<Check> differences() {
      return checks.stream().filter(c -> !c.equal()).toList();
    }
  }

  /** The whole run. */
  public record Report(String source, String target, List<TableReport> tables) {

    /** Returns whether every table matched. */
    public boolean passed() {
      return tables.stream().allMatch(TableReport::matched);
    }

    /** Returns the report as JSON. */
    public String toJson() {
      try {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("target", target);
        m.put("passed", passed());
        m.put("tables", tables);
        return JSON.writeValueAsString(m);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Returns the report as Markdown. */
    public String toMarkdown() {
      StringBuilder sb =
          new StringBuilder("# Migration validation: ")
              .append(source)
              .append(" -> ")
              .append(target)
              .append("\n\n")
              .append(passed() ? "**PASSED**" : "**FAILED**")
              .append("\n\n")
              .append(
                  "| table | result | rows (source) | rows (target) | differences |\n|---|---|---|---|---|\n");
      for (TableReport t : tables) {
        sb.append("| ")
            .append(t.table())
            .append(" | ")
            .append(t.skipped() ? "skipped (validated before)" : t.matched() ? "match" : "MISMATCH")
            .append(" | ")
            .append(t.sourceRows())
            .append(" | ")
            .append(t.targetRows())
            .append(" | ")
            .append(t.differences().size())
            .append(" |\n");
      }
      for (TableReport t : tables) {
        if (!t.differences().isEmpty()) {
          sb.append("\n## ")
              .append(t.table())
              .append("\n\n| check | source | target |\n|---|---|---|\n");
          t.differences()
              .forEach(
                  c ->
                      sb.append("| ")
                          .append(c.what())
                          .append(" | ")
                          .append(c.source())
                          .append(" | ")
                          .append(c.target())
                          .append(" |\n"));
        }
      }
      return sb.toString();
    }
  }

  private final DatabaseClient source;
  private final DatabaseClient target;
  private final Map<String, String> partitions = new LinkedHashMap<>();
  private @Nullable Path stateFile;
  private @Nullable String sourceIdentity;
  private @Nullable String targetIdentity;

  private TableValidator(DatabaseClient source, DatabaseClient target) {
    this.source = Objects.requireNonNull(source, "source");
    this.target = Objects.requireNonNull(target, "target");
  }

  /** Returns a validator comparing {@code target} (the new engine) against {@code source}. */
  public static TableValidator between(DatabaseClient source, DatabaseClient target) {
    return new TableValidator(source, target);
  }

  /** Also compares row counts per value of {@code column} in {@code table}. */
  public TableValidator partitionedBy(String table, String column) {
    partitions.put(identifier(table, TABLE), identifier(column, COLUMN));
    return this;
  }

  /**
   * Records matched tables in {@code file} and skips them on a re-run of the same validation. The
   * state is bound to the pair of databases (the identities given here: a configuration file's path
   * and digest, say), the tables and the partitions: a file written for another validation is
   * refused, never read as "already matched".
   *
   * @param sourceIdentity what identifies the source database for this caller
   * @param targetIdentity what identifies the target database for this caller
   */
  public TableValidator stateFile(Path file, String sourceIdentity, String targetIdentity) {
    this.stateFile = Objects.requireNonNull(file, "file");
    this.sourceIdentity = Objects.requireNonNull(sourceIdentity, "sourceIdentity");
    this.targetIdentity = Objects.requireNonNull(targetIdentity, "targetIdentity");
    return this;
  }

  /**
   * Validates {@code tables}, named alike on both sides; {@code progress} hears each table's
   * outcome.
   */
  public Report validate(List<String> tables, Consumer<TableReport> progress) {
    Map<String, String> same = new LinkedHashMap<>();
    tables.forEach(t -> same.put(t, t));
    return validate(same, progress);
  }

  /**
   * Validates each source table against its target table (names may differ, such as {@code
   * public.orders} against {@code analytics.orders}).
   */
  public Report validate(Map<String, String> sourceToTarget, Consumer<TableReport> progress) {
    Map<String, Object> binding = new LinkedHashMap<>();
    binding.put("source", sourceIdentity);
    binding.put("target", targetIdentity);
    binding.put("tables", new LinkedHashMap<>(sourceToTarget));
    binding.put("partitions", new LinkedHashMap<>(partitions));
    Map<String, Boolean> state = readState(binding);
    List<TableReport> out = new ArrayList<>();
    for (Map.Entry<String, String> e : sourceToTarget.entrySet()) {
      String table = identifier(e.getKey(), TABLE);
      String targetTable = identifier(e.getValue(), TABLE);
      TableReport r;
      if (Boolean.TRUE.equals(state.get(table))) {
        r = new TableReport(table, true, -1, -1, List.of(), true);
      } else {
        r = validateTable(table, targetTable);
        state.put(table, r.matched());
        writeState(binding, state);
      }
      out.add(r);
      progress.accept(r);
    }
    return new Report(source.engine(), target.engine(), List.copyOf(out));
  }

  private TableReport validateTable(String table, String targetTable) {
    List<Check> checks = new ArrayList<>();
    long srcRows = count(source, table);
    long tgtRows = count(target, targetTable);
    checks.add(
        new Check("row count", Long.toString(srcRows), Long.toString(tgtRows), srcRows == tgtRows));
    String part = partitions.get(table);
    if (part != null) {
      Map<String, Long> a = countsBy(source, table, part);
      Map<String, Long> b = countsBy(target, targetTable, part);
      TreeMap<String, Boolean> keys = new TreeMap<>();
      a.keySet().forEach(k -> keys.put(k, true));
      b.keySet().forEach(k -> keys.put(k, true));
      for (String k : keys.keySet()) {
        Long x = a.get(k);
        Long y = b.get(k);
        checks.add(
            new Check(
                "rows where " + part + " = " + k,
                String.valueOf(x),
                String.valueOf(y),
                Objects.equals(x, y)));
      }
    }
    List<Column> columns =
        source
            .execute(Query.builder("SELECT * FROM " + table + " LIMIT 0").cacheable(false).build())
            .columns();
    StringBuilder sql = new StringBuilder("SELECT ");
    List<String> labels = new ArrayList<>();
    for (Column c : columns) {
      if (!COLUMN.matcher(c.name()).matches()) {
        checks.add(
            new Check("column " + c.name(), "not compared: not a plain identifier", "", true));
        continue;
      }
      String q = "\"" + c.name() + "\"";
      add(sql, labels, "count(" + q + ")", c.name() + ": count");
      add(sql, labels, "count(*) - count(" + q + ")", c.name() + ": nulls");
      if (comparableByMinMax(c.type())) {
        add(sql, labels, "min(" + q + ")", c.name() + ": min");
        add(sql, labels, "max(" + q + ")", c.name() + ": max");
      }
      if (numeric(c.type())) {
        add(sql, labels, "sum(" + q + ")", c.name() + ": sum");
      }
    }
    if (!labels.isEmpty()) {
      String select = sql.toString();
      Row a =
          source.execute(Query.builder(select + " FROM " + table).cacheable(false).build()).row(0);
      Row b =
          target
              .execute(Query.builder(select + " FROM " + targetTable).cacheable(false).build())
              .row(0);
      for (int i = 0; i < labels.size(); i++) {
        checks.add(
            new Check(labels.get(i), text(a.get(i)), text(b.get(i)), same(a.get(i), b.get(i))));
      }
    }
    boolean matched = checks.stream().allMatch(Check::equal);
    return new TableReport(table, matched, srcRows, tgtRows, List.copyOf(checks), false);
  }

  private static void add(StringBuilder sql, List<String> labels, String expr, String label) {
    sql.append(labels.isEmpty() ? "" : ", ").append(expr).append(" AS a").append(labels.size());
    labels.add(label);
  }

  private static long count(DatabaseClient db, String table) {
    return Objects.requireNonNull(
        db.execute(Query.builder("SELECT count(*) AS n FROM " + table).cacheable(false).build())
            .row(0)
            .getLong(0),
        "count(*)");
  }

  private static Map<String, Long> countsBy(DatabaseClient db, String table, String column) {
    QueryResult r =
        db.execute(
            Query.builder(
                    "SELECT \""
                        + column
                        + "\" AS k, count(*) AS n FROM "
                        + table
                        + " GROUP BY \""
                        + column
                        + "\"")
                .cacheable(false)
                .build());
    Map<String, Long> m = new TreeMap<>();
    for (Row row : r) {
      m.put(text(row.get(0)), row.getLong(1));
    }
    return m;
  }

  private static boolean numeric(ColumnType t) {
    return t == ColumnType.INTEGER
        || t == ColumnType.BIGINT
        || t == ColumnType.DECIMAL
        || t == ColumnType.REAL
        || t == ColumnType.DOUBLE;
  }

  private static boolean comparableByMinMax(ColumnType t) {
    return t != ColumnType.BINARY && t != ColumnType.OTHER && t != ColumnType.BOOLEAN;
  }

  /** Whether two aggregates agree, allowing the differences of representation engines have. */
  static boolean same(@Nullable Object a, @Nullable Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number x && b instanceof Number y) {
      if (x instanceof Double || x instanceof Float || y instanceof Double || y instanceof Float) {
        double p = x.doubleValue();
        double q = y.doubleValue();
        return p == q || Math.abs(p - q) <= 1e-9 * Math.max(Math.abs(p), Math.abs(q));
      }
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    if (a instanceof LocalDateTime x && b instanceof LocalDateTime y) {
      return x.truncatedTo(ChronoUnit.MILLIS).equals(y.truncatedTo(ChronoUnit.MILLIS));
    }
    if (a instanceof Instant x && b instanceof Instant y) {
      return x.truncatedTo(ChronoUnit.MILLIS).equals(y.truncatedTo(ChronoUnit.MILLIS));
    }
    if (a instanceof String x && b instanceof String y) {
      return x.equals(y);
    }
    return a.equals(b) || a.toString().equals(b.toString());
  }

  private static String text(@Nullable Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof BigDecimal d) {
      return d.round(MathContext.DECIMAL64).stripTrailingZeros().toPlainString();
    }
    return v.toString();
  }

  private static String identifier(String name, Pattern p) {
    Objects.requireNonNull(name, "name");
    if (!p.matcher(name).matches()) {
      throw new InvalidQueryException(
          "'"
              + name
              + "' is not a plain table or column name (letters, digits, '_', "
              + "optionally schema-qualified); rename or create a view with a plain name to validate it");
    }
    return name.toLowerCase(Locale.ROOT);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Boolean> readState(Map<String, Object> binding) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    if (stateFile == null || !Files.isRegularFile(stateFile)) {
      return m;
    }
    Map<String, Object> stored;
    try {
      stored = JSON.readValue(stateFile.toFile(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the validation state " + stateFile, e);
    }
    Map<String, Object> storedBinding = new LinkedHashMap<>(stored);
    Object matched = storedBinding.remove("matched");
    if (!binding.equals(storedBinding) || !(matched instanceof Map)) {
      throw new IllegalStateException(
          "the state file "
              + stateFile
              + " belongs to another validation ("
              + describe(storedBinding)
              + "), not to this one ("
              + describe(binding)
              + "); delete it to "
              + "start again, or pass another state file");
    }
    ((Map<String, Object>) matched).forEach((k, v) -> m.put(k, Boolean.TRUE.equals(v)));
    return m;
  }

  private static String describe(Map<String, Object> binding) {
    return "source "
        + binding.get("source")
        + ", target "
        + binding.get("target")
        + ", tables "
        + (binding.get("tables") instanceof Map<?, ?> tables ? tables.keySet() : "?");
  }

  private void writeState(Map<String, Object> binding, Map<String, Boolean> state) {
    if (stateFile == null) {
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>(binding);
    out.put("matched", state);
    try {
      Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
      Files.writeString(tmp, JSON.writeValueAsString(out));
      Files.move(
          tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the validation state " + stateFile, e);
    }
  }

  /** Returns the state file, if any. */
  public Optional<Path> stateFileLocation() {
    return Optional.ofNullable(stateFile);
  }
}
