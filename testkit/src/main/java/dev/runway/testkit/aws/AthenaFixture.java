package dev.runway.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon Athena's query API on {@link FixtureEngine}: {@code StartQueryExecution} (with {@code
 * ExecutionParameters}, {@code ClientRequestToken} and result reuse), {@code GetQueryExecution},
 * {@code GetQueryResults} (1,000 rows a page, the header row first on the first page of a SELECT),
 * {@code StopQueryExecution}, and the result CSV of each query served by a path-style S3 {@code
 * GET}/{@code HEAD} at its output location.
 *
 * <p>Execution parameters are parsed as single SQL literals (strings, numbers, booleans, {@code
 * NULL}, {@code DATE}/{@code TIMESTAMP}/{@code TIME}/{@code DECIMAL} literals and {@code X'..'})
 * and bound, never spliced: anything else fails the call as Athena would. Can inject a
 * concurrent-query limit ({@link #maxConcurrentQueries}), throttling and service faults ({@link
 * #failNext}) and failed queries ({@link #failNextQuery}).
 *
 * <pre>{@code
 * try (AthenaFixture athena = new AthenaFixture()) {
 *   AthenaClient sdk = AthenaClient.builder().endpointOverride(athena.endpoint())...build();
 * }
 * }</pre>
 */
public final class AthenaFixture extends AwsJsonFixture {

  /** The default output location when the request names none. */
  public static final String DEFAULT_OUTPUT = "s3://runway-fixture-results/athena/";

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final Pattern EXPLAIN_IO =
      Pattern.compile("(?is)\\s*EXPLAIN\\s*\\(\\s*TYPE\\s+IO\\s*,\\s*FORMAT\\s+JSON\\s*\\).*");
  private static final Pattern TYPED_LITERAL =
      Pattern.compile("(?is)(DATE|TIMESTAMP|TIME|DECIMAL)\\s+'([^']*)'");

  private final FixtureEngine engine = new FixtureEngine();
  private final Set<String> workgroups = ConcurrentHashMap.newKeySet();
  private final Map<String, Exec> executions = new ConcurrentHashMap<>();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final Map<String, Exec> reusable = new ConcurrentHashMap<>();
  private volatile int maxConcurrent = Integer.MAX_VALUE;
  private volatile double ioEstimate = Double.NaN;
  private volatile LocalS3 s3;
  private static final Pattern CREATE_DATABASE =
      Pattern.compile(
          "(?is)\\s*CREATE\\s+(?:DATABASE|SCHEMA)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?`?(\\w+)`?\\s*");
  private static final Pattern CREATE_EXTERNAL =
      Pattern.compile(
          "(?is)\\s*CREATE\\s+EXTERNAL\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?`?(\\w+)`?\\.`?(\\w+)`?\\s*\\(.*?\\)\\s*"
              + "(?:PARTITIONED\\s+BY\\s*\\(.*?\\)\\s*)?STORED\\s+AS\\s+PARQUET\\s+LOCATION\\s+'(s3://[^']+)'\\s*");
  private static final Pattern MSCK = Pattern.compile("(?is)\\s*MSCK\\s+REPAIR\\s+TABLE\\s+.*");
  private static final Pattern UNLOAD =
      Pattern.compile(
          "(?is)\\s*UNLOAD\\s*\\((.*)\\)\\s*TO\\s*'(s3://[^']+)'\\s*WITH\\s*\\((.*)\\)\\s*");
  private static final Pattern PARTITIONED_BY =
      Pattern.compile("(?is)partitioned_by\\s*=\\s*ARRAY\\s*\\[([^\\]]*)\\]");
  private volatile int failCategory;
  private volatile int failType;
  private volatile boolean failRetryable;

  private record Exec(
      String id,
      FixtureEngine.Execution run,
      String statementType,
      String output,
      boolean reused,
      String database,
      String workgroup) {}

  /** Starts the fixture on a free loopback port. */
  public AthenaFixture() {
    super("AmazonAthena");
  }

  /** Starts the fixture on {@code port} of the loopback address. */
  public AthenaFixture(int port) {
    super("AmazonAthena", port);
  }

  /** Returns the engine, to seed tables directly. */
  public FixtureEngine engine() {
    return engine;
  }

  /** Makes {@code GetWorkGroup} find {@code name} (besides "primary", which every account has). */
  public void workgroup(String name) {
    workgroups.add(name);
  }

  private final java.util.concurrent.atomic.AtomicLong refusedConcurrent =
      new java.util.concurrent.atomic.AtomicLong();

  /** Returns how many submissions the concurrent-query limit refused. */
  public long refusedConcurrent() {
    return refusedConcurrent.get();
  }

  /** Makes StartQueryExecution answer TooManyRequestsException while {@code max} queries run. */
  public void maxConcurrentQueries(int max) {
    this.maxConcurrent = max;
  }

  /**
   * Makes the next query fail with an {@code AthenaError} of the given category (1 system, 2 user,
   * 3 other), type and retryable flag.
   */
  public void failNextQuery(int category, int type, boolean retryable, String message) {
    this.failCategory = category;
    this.failType = type;
    this.failRetryable = retryable;
    engine.failNext(message);
  }

  /**
   * Sets what {@code EXPLAIN (TYPE IO, FORMAT JSON)} reports as the input size in bytes (NaN, the
   * default, for a table without statistics, as Athena reports it).
   */
  public void ioEstimate(double bytes) {
    this.ioEstimate = bytes;
  }

  /** Serves external tables and S3 GETs from {@code store}. */
  public void s3(LocalS3 store) {
    this.s3 = store;
  }

  /** Returns the throttling fault StartQueryExecution answers when too many queries run. */
  public static AwsFault concurrencyLimit() {
    return new AwsFault(
        400,
        "TooManyRequestsException",
        "Too many queries are running",
        Map.of("Reason", "CONCURRENT_QUERY_LIMIT_EXCEEDED"));
  }

  /** Returns the SQL of every execution with the state it has now, for assertions. */
  public Map<String, FixtureEngine.State> states() {
    Map<String, FixtureEngine.State> m = new LinkedHashMap<>();
    executions.forEach((id, e) -> m.put(id, e.run.state()));
    return m;
  }

  @Override
  protected JsonNode operation(String name, JsonNode req) {
    return switch (name) {
      case "StartQueryExecution" -> start(req);
      case "GetQueryExecution" -> describe(req);
      case "GetQueryResults" -> results(req);
      case "GetWorkGroup" -> {
        // one workgroup exists, "primary" (as in every account), plus those named by queries
        String wgName = req.path("WorkGroup").asText("");
        if (wgName.isEmpty() || (!wgName.equals("primary") && !workgroups.contains(wgName))) {
          throw new AwsFault(
              400, "InvalidRequestException", "WorkGroup " + wgName + " is not found.");
        }
        ObjectNode wg = object();
        wg.putObject("WorkGroup").put("Name", wgName).put("State", "ENABLED");
        yield wg;
      }
      case "StopQueryExecution" -> {
        engine.cancel(exec(req).run.id());
        yield object();
      }
      default ->
          throw new AwsFault(400, "InvalidRequestException", "unsupported operation " + name);
    };
  }

  private JsonNode start(JsonNode req) {
    String sql = text(req, "QueryString");
    if (sql == null || sql.isBlank()) {
      throw new AwsFault(400, "InvalidRequestException", "QueryString is required");
    }
    String token = text(req, "ClientRequestToken");
    if (token != null) {
      String seen = tokens.get(token);
      if (seen != null) {
        return object().put("QueryExecutionId", seen);
      }
    }
    List<Object> values = new ArrayList<>();
    for (JsonNode p : req.path("ExecutionParameters")) {
      values.add(parseLiteral(p.asText()));
    }
    String statementType = statementType(sql);
    if (!values.isEmpty() && "DDL".equals(statementType)) {
      throw new AwsFault(
          400, "InvalidRequestException", "ExecutionParameters are not supported for DDL");
    }
    String output = req.path("ResultConfiguration").path("OutputLocation").asText(DEFAULT_OUTPUT);
    String database = req.path("QueryExecutionContext").path("Database").asText("default");
    String workgroup = req.path("WorkGroup").asText("primary");
    String reuseKey = sql + "\u0000" + req.path("ExecutionParameters") + "\u0000" + database;
    JsonNode reuse = req.path("ResultReuseConfiguration").path("ResultReuseByAgeConfiguration");
    if (reuse.path("Enabled").asBoolean(false)) {
      Exec prior = reusable.get(reuseKey);
      long maxAge = reuse.path("MaxAgeInMinutes").asLong(60);
      if (prior != null
          && prior.run.state() == FixtureEngine.State.SUCCEEDED
          && Duration.between(prior.run.finished(), Instant.now()).toMinutes() < maxAge) {
        String id = UUID.randomUUID().toString();
        Exec e =
            new Exec(id, prior.run, prior.statementType, prior.output, true, database, workgroup);
        executions.put(id, e);
        remember(token, id);
        return object().put("QueryExecutionId", id);
      }
    }
    if (engine.active() >= maxConcurrent) {
      refusedConcurrent.incrementAndGet();
      throw concurrencyLimit();
    }
    Map<String, Object> named = new LinkedHashMap<>();
    String namedSql = positionalToNamed(sql, values, named);
    Matcher unload = UNLOAD.matcher(namedSql);
    if (unload.matches()) {
      FixtureEngine.Execution run = unload(unload, output);
      Exec e = new Exec(run.id(), run, statementType, output, false, database, workgroup);
      executions.put(run.id(), e);
      remember(token, run.id());
      return object().put("QueryExecutionId", run.id());
    }
    Matcher db = CREATE_DATABASE.matcher(namedSql);
    Matcher ext = CREATE_EXTERNAL.matcher(namedSql);
    if (db.matches()) {
      namedSql = "CREATE SCHEMA IF NOT EXISTS \"" + db.group(1) + "\"";
    } else if (ext.matches()) {
      if (s3 == null) {
        throw new AwsFault(
            400, "InvalidRequestException", "this fixture has no S3 store; call s3(LocalS3) first");
      }
      // DuckDB reads the Parquet files (and hive partitions) where the table's LOCATION points
      namedSql =
          "CREATE OR REPLACE VIEW \""
              + ext.group(1)
              + "\".\""
              + ext.group(2)
              + "\" AS SELECT * FROM "
              + "read_parquet('"
              + s3.path(ext.group(3))
              + "/**/*.parquet', hive_partitioning = true)";
    } else if (MSCK.matcher(namedSql).matches()) {
      namedSql = "SELECT 1 WHERE false";
    }
    Matcher explain = EXPLAIN_IO.matcher(namedSql);
    if (explain.matches()) {
      // DuckDB has no EXPLAIN (TYPE IO): answer with the plan JSON Athena gives, carrying the set
      // estimate
      String size = Double.isNaN(ioEstimate) ? "\"NaN\"" : Long.toString((long) ioEstimate);
      named.clear();
      named.put(
          "plan",
          "{\"inputTableColumnInfos\":[{\"table\":{\"catalog\":\"awsdatacatalog\",\"schemaTable\":"
              + "{\"schema\":\""
              + database
              + "\",\"table\":\"t\"}},\"estimate\":{\"outputRowCount\":\"NaN\","
              + "\"outputSizeInBytes\":"
              + size
              + ",\"cpuCost\":\"NaN\",\"maxMemory\":0.0,\"networkCost\":0.0}}]}");
      namedSql = "SELECT :plan AS \"Query Plan\"";
    }
    FixtureEngine.Execution run = engine.submit(namedSql, named);
    Exec e = new Exec(run.id(), run, statementType, output, false, database, workgroup);
    executions.put(run.id(), e);
    reusable.put(reuseKey, e);
    remember(token, run.id());
    return object().put("QueryExecutionId", run.id());
  }

  /**
   * Carries out Athena's UNLOAD as the service does: Parquet files under the TO location,
   * Hive-style directories for {@code partitioned_by} columns (which are then in the paths only), a
   * refusal when the location already holds files (HIVE_PATH_ALREADY_EXISTS), and a manifest
   * listing the files at {@code <output location><query id>-manifest.csv}.
   */
  private FixtureEngine.Execution unload(Matcher unload, String output) {
    if (s3 == null) {
      throw new AwsFault(
          400, "InvalidRequestException", "this fixture has no S3 store; call s3(LocalS3) first");
    }
    LocalS3 store = s3;
    String inner = unload.group(1);
    String location = unload.group(2).endsWith("/") ? unload.group(2) : unload.group(2) + "/";
    String with = unload.group(3);
    if (!with.toLowerCase(Locale.ROOT).matches("(?s).*format\\s*=\\s*'parquet'.*")) {
      throw new AwsFault(
          400, "InvalidRequestException", "this fixture unloads format = 'PARQUET' only");
    }
    Matcher p = PARTITIONED_BY.matcher(with);
    String partitions = p.find() ? p.group(1).replace("'", "\"").trim() : null;
    CompletableFuture<String> id = new CompletableFuture<>();
    FixtureEngine.Execution run =
        engine.submitAction(
            "UNLOAD",
            () -> {
              Path dir = store.path(location);
              try {
                if (Files.isDirectory(dir)) {
                  try (var existing = Files.walk(dir)) {
                    if (existing.anyMatch(Files::isRegularFile)) {
                      throw new IllegalStateException(
                          "HIVE_PATH_ALREADY_EXISTS: Target directory for table already "
                              + "exists: "
                              + location
                              + ". You may need to manually clean the data at this location");
                    }
                  }
                }
                Files.createDirectories(dir);
                String target =
                    partitions == null
                        ? dir.resolve(UUID.randomUUID() + ".parquet").toString()
                        : dir.toString();
                String options =
                    partitions == null
                        ? "(FORMAT PARQUET)"
                        : "(FORMAT PARQUET, PARTITION_BY ("
                            + partitions
                            + "), OVERWRITE_OR_IGNORE, FILENAME_PATTERN '{uuid}')";
                engine
                    .database()
                    .execute(
                        Query.builder("COPY (" + inner + ") TO '" + target + "' " + options)
                            .cacheable(false)
                            .build());
                StringBuilder manifest = new StringBuilder();
                try (var walk = Files.walk(dir)) {
                  for (Path f :
                      walk.filter(x -> x.toString().endsWith(".parquet")).sorted().toList()) {
                    manifest
                        .append(location)
                        .append(dir.relativize(f).toString().replace('\\', '/'))
                        .append('\n');
                  }
                }
                String base = output.endsWith("/") ? output : output + "/";
                Path manifestFile = store.path(base + id.join() + "-manifest.csv");
                Files.createDirectories(manifestFile.getParent());
                Files.writeString(manifestFile, manifest.toString());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    id.complete(run.id());
    return run;
  }

  private void remember(String token, String id) {
    if (token != null) {
      tokens.put(token, id);
    }
  }

  private JsonNode describe(JsonNode req) {
    Exec e = exec(req);
    FixtureEngine.Execution run = e.run;
    ObjectNode qe = object();
    qe.put("QueryExecutionId", e.id)
        .put("Query", run.sql())
        .put("StatementType", e.statementType)
        .put("WorkGroup", e.workgroup);
    qe.putObject("ResultConfiguration").put("OutputLocation", outputFile(e));
    qe.putObject("QueryExecutionContext").put("Database", e.database);
    ObjectNode status = qe.putObject("Status");
    FixtureEngine.State state = run.state();
    status.put("State", state.name());
    status.put("SubmissionDateTime", run.submitted().toEpochMilli() / 1000.0);
    if (run.finished() != null) {
      status.put("CompletionDateTime", run.finished().toEpochMilli() / 1000.0);
    }
    if (state == FixtureEngine.State.FAILED) {
      int category = failCategory == 0 ? 2 : failCategory;
      status.put("StateChangeReason", run.error());
      status
          .putObject("AthenaError")
          .put("ErrorCategory", category)
          .put("ErrorType", failCategory == 0 ? 1000 : failType)
          .put("Retryable", failCategory != 0 && failRetryable)
          .put("ErrorMessage", run.error());
    }
    ObjectNode stats = qe.putObject("Statistics");
    long queue =
        run.started() == null ? 0 : Duration.between(run.submitted(), run.started()).toMillis();
    long engineMs =
        run.started() == null
            ? 0
            : Duration.between(
                    run.started(), run.finished() == null ? Instant.now() : run.finished())
                .toMillis();
    stats
        .put("QueryQueueTimeInMillis", queue)
        .put("QueryPlanningTimeInMillis", 0)
        .put("EngineExecutionTimeInMillis", e.reused ? 0 : engineMs)
        .put("TotalExecutionTimeInMillis", e.reused ? 0 : run.elapsed().toMillis())
        .put("ServiceProcessingTimeInMillis", 0)
        .put(
            "DataScannedInBytes",
            e.reused || state != FixtureEngine.State.SUCCEEDED ? 0 : scanned(e));
    stats.putObject("ResultReuseInformation").put("ReusedPreviousResult", e.reused);
    ObjectNode out = object();
    out.set("QueryExecution", qe);
    return out;
  }

  private long scanned(Exec e) {
    return "DDL".equals(e.statementType) ? 0 : csv(e).length;
  }

  private JsonNode results(JsonNode req) {
    Exec e = exec(req);
    if (e.run.state() != FixtureEngine.State.SUCCEEDED) {
      throw new AwsFault(
          400,
          "InvalidRequestException",
          "Query has not yet finished. Current state: " + e.run.state());
    }
    int max = req.path("MaxResults").asInt(1000);
    if (max < 1 || max > 1000) {
      throw new AwsFault(400, "InvalidRequestException", "MaxResults must be between 1 and 1000");
    }
    int offset = req.hasNonNull("NextToken") ? Integer.parseInt(req.get("NextToken").asText()) : 0;
    QueryResult r = e.run.result();
    List<Column> cols = r == null ? List.of() : r.columns();
    boolean header = "DML".equals(e.statementType) && !cols.isEmpty();
    int total = (r == null ? 0 : r.size()) + (header ? 1 : 0);
    ObjectNode out = object();
    ObjectNode rs = out.putObject("ResultSet");
    ArrayNode rows = rs.putArray("Rows");
    int end = Math.min(total, offset + max);
    for (int i = offset; i < end; i++) {
      ArrayNode data = rows.addObject().putArray("Data");
      if (header && i == 0) {
        cols.forEach(c -> data.addObject().put("VarCharValue", c.name()));
        continue;
      }
      Row row = r.row(i - (header ? 1 : 0));
      for (int c = 0; c < cols.size(); c++) {
        ObjectNode d = data.addObject();
        Object v = row.get(c);
        if (v != null) {
          d.put("VarCharValue", format(v));
        }
      }
    }
    ArrayNode info = rs.putObject("ResultSetMetadata").putArray("ColumnInfo");
    for (Column c : cols) {
      info.addObject()
          .put("CatalogName", "hive")
          .put("SchemaName", "")
          .put("TableName", "")
          .put("Name", c.name())
          .put("Label", c.name())
          .put("Type", athenaType(c))
          .put("Precision", c.type() == ColumnType.DECIMAL ? c.precision() : 0)
          .put("Scale", c.scale())
          .put("Nullable", "UNKNOWN")
          .put("CaseSensitive", c.type() == ColumnType.VARCHAR);
    }
    if (end < total) {
      out.put("NextToken", Integer.toString(end));
    }
    out.put("UpdateCount", 0);
    return out;
  }

  private Exec exec(JsonNode req) {
    String id = text(req, "QueryExecutionId");
    Exec e = id == null ? null : executions.get(id);
    if (e == null) {
      throw new AwsFault(400, "InvalidRequestException", "QueryExecution " + id + " was not found");
    }
    return e;
  }

  private static String outputFile(Exec e) {
    String base = e.output.endsWith("/") ? e.output : e.output + "/";
    return base + e.id + ".csv";
  }

  @Override
  protected boolean other(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return false;
    }
    String path = ex.getRequestURI().getPath();
    String uri = "s3:/" + path;
    for (Exec e : executions.values()) {
      if (outputFile(e).equals(uri)) {
        if (e.run.state() != FixtureEngine.State.SUCCEEDED || "DDL".equals(e.statementType)) {
          break;
        }
        byte[] body = csv(e);
        count("S3:GetObject");
        ex.getResponseHeaders().set("ETag", "\"" + e.run.id() + "\"");
        sendObject(ex, "text/csv", body);
        return true;
      }
    }
    LocalS3 store = this.s3;
    if (store != null && path.length() > 1 && path.indexOf('/', 1) > 0) {
      int slash = path.indexOf('/', 1);
      byte[] body = store.get(path.substring(1, slash), path.substring(slash + 1));
      if (body != null) {
        send(ex, 200, "application/octet-stream", body);
        return true;
      }
    }
    byte[] err =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                + "<Message>The specified key does not exist.</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
    send(ex, 404, "application/xml", err);
    return true;
  }

  private final Map<String, byte[]> csvCache = new ConcurrentHashMap<>();

  /** The result as Athena writes it: every value quoted, NULL as an empty unquoted field. */
  private byte[] csv(Exec e) {
    return csvCache.computeIfAbsent(
        e.run.id(),
        k -> {
          QueryResult r = e.run.result();
          StringBuilder sb = new StringBuilder();
          if (r == null) {
            return new byte[0];
          }
          List<Column> cols = r.columns();
          for (int c = 0; c < cols.size(); c++) {
            sb.append(c == 0 ? "" : ",").append(quote(cols.get(c).name()));
          }
          sb.append('\n');
          for (Row row : r) {
            for (int c = 0; c < cols.size(); c++) {
              if (c > 0) {
                sb.append(',');
              }
              Object v = row.get(c);
              if (v != null) {
                sb.append(quote(format(v)));
              }
            }
            sb.append('\n');
          }
          return sb.toString().getBytes(StandardCharsets.UTF_8);
        });
  }

  private static String quote(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** Formats a value as Athena's API and CSV show it. */
  static String format(Object v) {
    if (v instanceof LocalDateTime t) {
      return TS.format(t);
    }
    if (v instanceof Instant i) {
      return TS.format(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + " UTC";
    }
    if (v instanceof LocalTime t) {
      return TIME.format(t);
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof byte[] b) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < b.length; i++) {
        sb.append(i == 0 ? "" : " ").append(HexFormat.of().toHexDigits(b[i]));
      }
      return sb.toString();
    }
    return v.toString();
  }

  private static String athenaType(Column c) {
    String engineType = c.engineType().toUpperCase(Locale.ROOT);
    return switch (c.type()) {
      case BOOLEAN -> "boolean";
      case INTEGER ->
          engineType.startsWith("SMALLINT")
              ? "smallint"
              : engineType.startsWith("TINYINT") ? "tinyint" : "integer";
      case BIGINT -> "bigint";
      case DECIMAL -> "decimal";
      case REAL -> "real";
      case DOUBLE -> "double";
      case VARCHAR -> "varchar";
      case DATE -> "date";
      case TIME -> "time";
      case TIMESTAMP -> "timestamp";
      case TIMESTAMP_WITH_TIME_ZONE -> "timestamp with time zone";
      case BINARY -> "varbinary";
      case OTHER ->
          engineType.endsWith("[]")
              ? "array"
              : engineType.startsWith("STRUCT")
                  ? "row"
                  : engineType.startsWith("MAP") ? "map" : "varchar";
    };
  }

  private static String statementType(String sql) {
    String s = sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ").trim();
    String first = s.split("[\\s(]+", 2)[0].toUpperCase(Locale.ROOT);
    return switch (first) {
      case "CREATE", "DROP", "ALTER", "MSCK" -> "DDL";
      case "SHOW", "DESCRIBE" -> "UTILITY";
      default -> "DML";
    };
  }

  /** Parses one execution parameter as Athena does: a single literal, nothing else. */
  static Object parseLiteral(String p) {
    String s = p.trim();
    if (s.equalsIgnoreCase("NULL")) {
      return Query.NULL;
    }
    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
      return Boolean.valueOf(s);
    }
    if (s.matches("-?\\d{1,18}")) {
      return Long.parseLong(s);
    }
    if (s.matches("-?\\d+\\.\\d*")) {
      return new BigDecimal(s);
    }
    if (s.matches("-?\\d+(\\.\\d+)?[eE][+-]?\\d+")) {
      return Double.parseDouble(s);
    }
    if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
      return unquote(s.substring(1, s.length() - 1), p);
    }
    if (s.length() >= 3 && (s.startsWith("X'") || s.startsWith("x'")) && s.endsWith("'")) {
      return HexFormat.of().parseHex(s.substring(2, s.length() - 1).replace(" ", ""));
    }
    Matcher m = TYPED_LITERAL.matcher(s);
    if (m.matches()) {
      String kind = m.group(1).toUpperCase(Locale.ROOT);
      String v = m.group(2);
      try {
        return switch (kind) {
          case "DATE" -> LocalDate.parse(v);
          case "TIME" -> LocalTime.parse(v);
          case "DECIMAL" -> new BigDecimal(v);
          default ->
              v.endsWith(" UTC")
                  ? LocalDateTime.parse(v.substring(0, v.length() - 4).replace(' ', 'T'))
                      .toInstant(ZoneOffset.UTC)
                  : LocalDateTime.parse(v.replace(' ', 'T'));
        };
      } catch (RuntimeException e) {
        throw new AwsFault(400, "InvalidRequestException", "invalid " + kind + " literal: " + v);
      }
    }
    throw new AwsFault(
        400,
        "InvalidRequestException",
        "INVALID_INPUT: execution parameter is not a single literal: " + abbreviate(p));
  }

  private static String unquote(String inner, String original) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '\'') {
        if (i + 1 < inner.length() && inner.charAt(i + 1) == '\'') {
          sb.append('\'');
          i++;
          continue;
        }
        throw new AwsFault(
            400,
            "InvalidRequestException",
            "INVALID_INPUT: execution parameter is not a single literal: " + abbreviate(original));
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /** Replaces each {@code ?} outside literals and comments by {@code :pN}, binding values[N]. */
  private static String positionalToNamed(
      String sql, List<Object> values, Map<String, Object> named) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < sql.length()) {
          if (sql.charAt(j) == c) {
            if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        out.append(sql, i, Math.min(sql.length(), j + 1));
        i = j + 1;
      } else if (c == '-' && sql.startsWith("--", i)) {
        int j = sql.indexOf('\n', i);
        j = j < 0 ? sql.length() : j;
        out.append(sql, i, j);
        i = j;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        int j = sql.indexOf("*/", i);
        j = j < 0 ? sql.length() : j + 2;
        out.append(sql, i, j);
        i = j;
      } else if (c == '?') {
        if (n >= values.size()) {
          throw new AwsFault(
              400,
              "InvalidRequestException",
              "the query has more ? placeholders than ExecutionParameters (" + values.size() + ")");
        }
        String name = "p" + n;
        named.put(name, values.get(n++));
        out.append(':').append(name);
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    if (n != values.size()) {
      throw new AwsFault(
          400,
          "InvalidRequestException",
          "the query has "
              + n
              + " ? placeholders but "
              + values.size()
              + " ExecutionParameters were given");
    }
    return out.toString();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Override
  public void close() {
    super.close();
    engine.close();
  }
}
