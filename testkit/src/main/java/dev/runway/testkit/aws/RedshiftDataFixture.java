package dev.runway.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Amazon Redshift Data API on {@link FixtureEngine}: {@code ExecuteStatement} (Serverless
 * {@code WorkgroupName} or provisioned {@code ClusterIdentifier} with {@code DbUser} or {@code
 * SecretArn}, named {@code Parameters} bound as text as Redshift does), {@code DescribeStatement},
 * {@code GetStatementResult} (pages of {@link #pageSize} rows, typed fields), {@code
 * CancelStatement}. Validates what the service validates (one target, no {@code DbUser} with a
 * workgroup, parameter values of at least one character). Can inject the active-statement limit,
 * throttling and service faults ({@link #failNext}) and failed statements ({@link
 * #failNextStatement}).
 */
public final class RedshiftDataFixture extends AwsJsonFixture {

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

  private final FixtureEngine engine = new FixtureEngine();
  private final Map<String, Stmt> statements = new ConcurrentHashMap<>();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private volatile int pageSize = 1000;
  private volatile int maxActive = Integer.MAX_VALUE;
  private volatile LocalS3 s3;

  private static final Pattern UNLOAD =
      Pattern.compile(
          "(?is)\\s*UNLOAD\\s*\\(\\s*'((?:[^']|'')*)'\\s*\\)\\s*TO\\s*'(s3://[^']+)'\\s*IAM_ROLE\\s*'[^']*'\\s*"
              + "FORMAT\\s+AS\\s+PARQUET(?:\\s+PARTITION\\s+BY\\s*\\(\\s*(\\w+)\\s*\\)(\\s+INCLUDE)?)?.*");
  private static final Pattern COPY =
      Pattern.compile(
          "(?is)\\s*COPY\\s+(\"?\\w+\"?\\.\"?\\w+\"?)\\s+FROM\\s+'(s3://[^']+)'\\s+IAM_ROLE\\s+'[^']*'\\s+FORMAT\\s+AS\\s+PARQUET\\s*");

  private record Stmt(FixtureEngine.Execution run, JsonNode request, long redshiftQueryId) {}

  /** Starts the fixture on a free loopback port. */
  public RedshiftDataFixture() {
    super("RedshiftData");
  }

  /** Starts the fixture on {@code port} of the loopback address. */
  public RedshiftDataFixture(int port) {
    super("RedshiftData", port);
  }

  /** Returns the engine, to seed tables directly. */
  public FixtureEngine engine() {
    return engine;
  }

  /** Sets the rows per GetStatementResult page. */
  public void pageSize(int rows) {
    this.pageSize = rows;
  }

  /** Lets UNLOAD and COPY read and write Parquet in {@code store}. */
  public void s3(LocalS3 store) {
    this.s3 = store;
  }

  /** Makes ExecuteStatement answer ActiveStatementsExceededException while {@code max} run. */
  public void maxActiveStatements(int max) {
    this.maxActive = max;
  }

  /** Makes the next statement fail with {@code message} (as the engine's error text). */
  public void failNextStatement(String message) {
    engine.failNext(message);
  }

  /** Returns the id of the last statement submitted, or null. */
  public String lastId() {
    return statements.values().stream()
        .max(Comparator.comparing(s -> s.run.submitted()))
        .map(s -> s.run.id())
        .orElse(null);
  }

  /** Returns the last ExecuteStatement request, for assertions on what the client sent. */
  public JsonNode lastRequest() {
    return statements.values().stream()
        .max(Comparator.comparing(s -> s.run.submitted()))
        .map(Stmt::request)
        .orElse(null);
  }

  @Override
  protected JsonNode operation(String name, JsonNode req) {
    return switch (name) {
      case "ExecuteStatement" -> execute(req);
      case "ListStatements" -> {
        ObjectNode out = object();
        var list = out.putArray("Statements");
        statements.values().stream()
            .limit(Math.max(1, req.path("MaxResults").asInt(100)))
            .forEach(
                s ->
                    list.addObject()
                        .put("Id", s.run.id())
                        .put("Status", dataApiStatus(s.run.state())));
        yield out;
      }
      case "DescribeStatement" -> describe(req);
      case "GetStatementResult" -> result(req);
      case "CancelStatement" -> {
        // "To be canceled, a query must be running" (CancelStatement, Data API reference): the
        // service refuses to cancel a statement that has finished, failed or been aborted
        FixtureEngine.Execution run = stmt(req).run;
        if (!engine.cancel(run.id())) {
          throw validation(
              "Could not cancel a query that is already in "
                  + dataApiStatus(run.state())
                  + " state.");
        }
        yield object().put("Status", true);
      }
      default -> throw new AwsFault(400, "ValidationException", "unsupported operation " + name);
    };
  }

  private JsonNode execute(JsonNode req) {
    String sql = req.path("Sql").asText("");
    if (sql.isBlank()) {
      throw validation("Sql is required");
    }
    boolean cluster = req.hasNonNull("ClusterIdentifier");
    boolean workgroup = req.hasNonNull("WorkgroupName");
    if (cluster == workgroup) {
      throw validation("Either ClusterIdentifier or WorkgroupName must be specified, not both");
    }
    if (workgroup && req.hasNonNull("DbUser")) {
      throw validation("DbUser is not supported for Redshift Serverless workgroups");
    }
    if (cluster && !req.hasNonNull("DbUser") && !req.hasNonNull("SecretArn")) {
      throw validation("a provisioned cluster needs DbUser or SecretArn");
    }
    if (!req.hasNonNull("Database")) {
      throw validation("Database is required");
    }
    String token = req.path("ClientToken").asText(null);
    if (token != null && tokens.containsKey(token)) {
      return object().put("Id", tokens.get(token));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode p : req.path("Parameters")) {
      i++;
      String value = p.path("value").asText("");
      if (value.isEmpty()) {
        throw validation(
            "1 validation error detected: Value '' at 'parameters."
                + i
                + ".member.value' failed to satisfy constraint: Member must have length greater than or equal to 1");
      }
      params.put(p.path("name").asText(), value);
    }
    if (engine.active() >= maxActive) {
      throw new AwsFault(
          400,
          "ActiveStatementsExceededException",
          "Active statements exceeded the allowed quota.");
    }
    FixtureEngine.Execution run = unloadOrCopy(sql);
    if (run == null) {
      run = engine.submit(redshiftDdl(sql), params);
    }
    statements.put(run.id(), new Stmt(run, req, 100_000L + statements.size()));
    if (token != null) {
      tokens.put(token, run.id());
    }
    ObjectNode out =
        object()
            .put("Id", run.id())
            .put("Database", req.path("Database").asText())
            .put("CreatedAt", run.submitted().toEpochMilli() / 1000.0);
    if (cluster) {
      out.put("ClusterIdentifier", req.path("ClusterIdentifier").asText());
    } else {
      out.put("WorkgroupName", req.path("WorkgroupName").asText());
    }
    return out;
  }

  private static final Pattern TABLE_ATTRIBUTES =
      Pattern.compile(
          "(?is)(\\s+(DISTSTYLE\\s+(AUTO|EVEN|ALL|KEY)|DISTKEY\\s*\\([^)]*\\)|(COMPOUND\\s+|INTERLEAVED\\s+)?SORTKEY"
              + "\\s*(AUTO|\\([^)]*\\))|ENCODE\\s+AUTO|BACKUP\\s+(YES|NO)))+\\s*$");
  private final List<String> tableAttributes = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Reads Redshift's CREATE TABLE as DuckDB needs it: the table attributes (DISTSTYLE, DISTKEY,
   * SORTKEY, ENCODE AUTO, BACKUP) are recorded ({@link #tableAttributes()}) and left out, SUPER is
   * stored as text and VARBYTE as a blob.
   */
  private String redshiftDdl(String sql) {
    if (!sql.stripLeading().regionMatches(true, 0, "CREATE TABLE", 0, 12)) {
      return sql;
    }
    Matcher m = TABLE_ATTRIBUTES.matcher(sql);
    String out = sql;
    if (m.find()) {
      tableAttributes.add(m.group().trim().replaceAll("\\s+", " "));
      out = sql.substring(0, m.start());
    }
    return out.replaceAll("(?i)\\bSUPER\\b", "VARCHAR").replaceAll("(?i)\\bVARBYTE\\b", "BLOB");
  }

  /** Returns the table attributes of every CREATE TABLE run so far, in order. */
  public List<String> tableAttributes() {
    return List.copyOf(tableAttributes);
  }

  /**
   * Carries out UNLOAD ... FORMAT AS PARQUET and COPY ... FORMAT AS PARQUET on the local store. As
   * in Redshift, COPY reads the columns in the files by position and never the directory names: a
   * file without a column the table has fails the COPY.
   */
  private FixtureEngine.Execution unloadOrCopy(String sql) {
    Matcher u = UNLOAD.matcher(sql);
    if (u.matches()) {
      LocalS3 store = requireS3();
      String inner = u.group(1).replace("''", "'");
      String location = u.group(2);
      String partition = u.group(3);
      boolean include = u.group(4) != null;
      return engine.submitAction(sql, () -> unload(store, inner, location, partition, include));
    }
    Matcher c = COPY.matcher(sql);
    if (c.matches()) {
      LocalS3 store = requireS3();
      String table = c.group(1);
      Path dir = store.path(c.group(2));
      return engine.submitAction(
          sql,
          () ->
              engine
                  .database()
                  .execute(
                      Query.builder(
                              "INSERT INTO "
                                  + table
                                  + " SELECT * FROM read_parquet('"
                                  + dir
                                  + "/**/*.parquet', hive_partitioning = false)")
                          .cacheable(false)
                          .build()));
    }
    return null;
  }

  private LocalS3 requireS3() {
    if (s3 == null) {
      throw new AwsFault(
          400, "ValidationException", "this fixture has no S3 store; call s3(LocalS3) first");
    }
    return s3;
  }

  private void unload(
      LocalS3 store, String inner, String location, String partition, boolean include) {
    Path dir = store.path(location);
    try {
      Files.createDirectories(dir);
      JdbcDatabaseClient db = engine.database();
      String target =
          partition == null ? dir.resolve("0000_part_00.parquet").toString() : dir.toString();
      // as Redshift: a partition column is only in the paths unless INCLUDE puts it in the files
      // too
      String options =
          partition == null
              ? "(FORMAT PARQUET)"
              : "(FORMAT PARQUET, PARTITION_BY ("
                  + partition
                  + "), OVERWRITE_OR_IGNORE"
                  + (include ? ", WRITE_PARTITION_COLUMNS true" : "")
                  + ")";
      db.execute(
          Query.builder("COPY (" + inner + ") TO '" + target + "' " + options)
              .cacheable(false)
              .build());
      ObjectNode manifest = object();
      ArrayNode entries = manifest.putArray("entries");
      long total = 0;
      long bytes = 0;
      List<Path> files;
      try (var walk = Files.walk(dir)) {
        files = walk.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
      }
      for (Path f : files) {
        long n =
            db.execute(
                    Query.builder("SELECT count(*) FROM read_parquet('" + f + "')")
                        .cacheable(false)
                        .build())
                .row(0)
                .getLong(0);
        long size = Files.size(f);
        entries
            .addObject()
            .put("url", location + dir.relativize(f).toString().replace('\\', '/'))
            .putObject("meta")
            .put("content_length", size)
            .put("record_count", n);
        total += n;
        bytes += size;
      }
      manifest.putObject("meta").put("content_length", bytes).put("record_count", total);
      Files.writeString(dir.resolve("manifest"), JSON.writeValueAsString(manifest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String dataApiStatus(FixtureEngine.State state) {
    return switch (state) {
      case QUEUED -> "SUBMITTED";
      case RUNNING -> "STARTED";
      case SUCCEEDED -> "FINISHED";
      case FAILED -> "FAILED";
      case CANCELLED -> "ABORTED";
    };
  }

  private JsonNode describe(JsonNode req) {
    Stmt s = stmt(req);
    FixtureEngine.Execution run = s.run;
    String status = dataApiStatus(run.state());
    ObjectNode out =
        object()
            .put("Id", run.id())
            .put("Status", status)
            .put("QueryString", run.sql())
            .put("Database", s.request.path("Database").asText())
            .put("Duration", run.finished() == null ? -1 : run.elapsed().toNanos())
            .put("CreatedAt", run.submitted().toEpochMilli() / 1000.0)
            .put("UpdatedAt", Instant.now().toEpochMilli() / 1000.0)
            .put("RedshiftQueryId", s.redshiftQueryId)
            .put(
                "HasResultSet",
                run.state() == FixtureEngine.State.SUCCEEDED
                    && !FixtureEngine.columns(run).isEmpty());
    if (run.state() == FixtureEngine.State.FAILED) {
      out.put("Error", "ERROR: " + run.error());
    }
    QueryResult r = run.result();
    if (r != null) {
      out.put("ResultRows", r.columns().isEmpty() ? -1 : r.size())
          .put("ResultSize", (long) r.size() * 16);
    }
    return out;
  }

  private JsonNode result(JsonNode req) {
    Stmt s = stmt(req);
    if (s.run.state() != FixtureEngine.State.SUCCEEDED) {
      throw new AwsFault(
          400,
          "ValidationException",
          "Query does not have result. Please check query status with DescribeStatement.");
    }
    QueryResult r = s.run.result();
    if (r.columns().isEmpty()) {
      throw new AwsFault(400, "ResourceNotFoundException", "Query does not have result");
    }
    int offset = req.hasNonNull("NextToken") ? Integer.parseInt(req.get("NextToken").asText()) : 0;
    int end = Math.min(r.size(), offset + pageSize);
    ObjectNode out = object();
    ArrayNode records = out.putArray("Records");
    List<Column> cols = r.columns();
    for (int i = offset; i < end; i++) {
      Row row = r.row(i);
      ArrayNode rec = records.addArray();
      for (int c = 0; c < cols.size(); c++) {
        field(rec.addObject(), row.get(c));
      }
    }
    ArrayNode meta = out.putArray("ColumnMetadata");
    for (Column c : cols) {
      meta.addObject()
          .put("name", c.name())
          .put("label", c.name())
          .put("typeName", typeName(c))
          .put("precision", c.type() == ColumnType.DECIMAL ? c.precision() : 0)
          .put("scale", c.scale())
          .put("nullable", 1)
          .put("isSigned", true)
          .put("isCaseSensitive", c.type() == ColumnType.VARCHAR)
          .put("isCurrency", false)
          .put("length", 0)
          .put("schemaName", "public")
          .put("tableName", "");
    }
    out.put("TotalNumRows", r.size());
    if (end < r.size()) {
      out.put("NextToken", Integer.toString(end));
    }
    return out;
  }

  private static void field(ObjectNode f, Object v) {
    if (v == null) {
      f.put("isNull", true);
    } else if (v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte) {
      f.put("longValue", ((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      f.put("doubleValue", ((Number) v).doubleValue());
    } else if (v instanceof Boolean b) {
      f.put("booleanValue", b);
    } else if (v instanceof byte[] b) {
      f.put("blobValue", b);
    } else if (v instanceof BigDecimal d) {
      f.put("stringValue", d.toPlainString());
    } else if (v instanceof LocalDateTime t) {
      f.put("stringValue", TS.format(t));
    } else if (v instanceof Instant i) {
      f.put("stringValue", TS.format(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "+00");
    } else {
      f.put("stringValue", v.toString());
    }
  }

  private static String typeName(Column c) {
    String engineType = c.engineType().toUpperCase(Locale.ROOT);
    return switch (c.type()) {
      case BOOLEAN -> "bool";
      case INTEGER ->
          engineType.startsWith("SMALLINT") || engineType.startsWith("TINYINT") ? "int2" : "int4";
      case BIGINT -> "int8";
      case DECIMAL -> "numeric";
      case REAL -> "float4";
      case DOUBLE -> "float8";
      case VARCHAR -> "varchar";
      case DATE -> "date";
      case TIME -> "time";
      case TIMESTAMP -> "timestamp";
      case TIMESTAMP_WITH_TIME_ZONE -> "timestamptz";
      case BINARY -> "varbyte";
      case OTHER -> "super";
    };
  }

  private Stmt stmt(JsonNode req) {
    String id = req.path("Id").asText(null);
    Stmt s = id == null ? null : statements.get(id);
    if (s == null) {
      throw new AwsFault(400, "ResourceNotFoundException", "Query does not exist: " + id);
    }
    return s;
  }

  private static AwsFault validation(String message) {
    return new AwsFault(400, "ValidationException", message);
  }

  @Override
  public void close() {
    super.close();
    engine.close();
  }
}
