package dev.runway.athena;

import dev.runway.core.query.Column;
import dev.runway.core.ErrorCategory;
import dev.runway.core.query.InvalidQueryException;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryStats;
import dev.runway.core.spi.ParsedSql;
import dev.runway.core.spi.PollingDatabaseClient;
import dev.runway.core.spi.PollingPolicy;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.AthenaClientBuilder;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.EncryptionConfiguration;
import software.amazon.awssdk.services.athena.model.EncryptionOption;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatistics;
import software.amazon.awssdk.services.athena.model.ResultConfiguration;
import software.amazon.awssdk.services.athena.model.ResultReuseByAgeConfiguration;
import software.amazon.awssdk.services.athena.model.ResultReuseConfiguration;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A {@link dev.runway.core.query.DatabaseClient} on Amazon Athena.
 *
 * <p>Each query is a {@code StartQueryExecution} with a {@code ClientRequestToken} (a retried
 * submission never runs twice) and its parameters as {@code ExecutionParameters}: Runway's
 * {@code :name} placeholders become Athena's positional {@code ?} and each value is sent as one
 * typed literal that Athena parses on its own, so no value is ever spliced into the SQL text.
 * Completion is polled with back-off ({@link PollingPolicy}) under a client-wide rate limit for
 * {@code GetQueryExecution}; a cap on queries in flight and waiting out
 * {@code TooManyRequestsException} keep the account's concurrency quota from failing queries. A
 * timeout or cancellation calls {@code StopQueryExecution}.
 *
 * <p>Results are read from {@code GetQueryResults}, 1,000 rows a page, the next page fetched
 * while the current one is read; or, for results of more than one page, straight from the result CSV in S3
 * ({@link ResultFetch}), which needs an {@link S3Client} and {@code s3:GetObject} on the output
 * location. {@link QueryStats} carries queue, planning and engine time, bytes scanned, and the
 * cost ({@link AthenaCost}); a result Athena reused from an earlier run is reported as
 * {@code fromCache} with no cost.
 *
 * <pre>{@code
 * DatabaseClient athena = AthenaDatabaseClient.builder()
 *     .region("eu-west-1")
 *     .database("supply_chain")
 *     .workgroup("analytics")
 *     .outputLocation("s3://my-athena-results/runway/")
 *     .build();
 * }</pre>
 */
public final class AthenaDatabaseClient extends PollingDatabaseClient {

  /** Where results are read from. */
  public enum ResultFetch {
    /** {@code GetQueryResults}, 1,000 rows a call; needs no S3 permissions. */
    API,
    /** The result CSV from S3, streamed; much faster for large results. */
    S3,
    /** The first page from the API; a result of more pages continues from S3 when an S3 client is available. */
    AUTO
  }

  private static final Pattern DDL = Pattern.compile(
      "(?is)^\\s*(?:(?:--[^\\n]*\\n)|(?:/\\*.*?\\*/)|\\s)*(CREATE|DROP|ALTER|MSCK)\\b.*");

  private final AthenaClient athena;
  private final boolean ownsAthena;
  private final S3Client s3;
  private final boolean ownsS3;
  private final String database;
  private final String catalog;
  private final String workgroup;
  private final String outputLocation;
  private final EncryptionConfiguration encryption;
  private final Duration resultReuseMaxAge;
  private final ResultFetch resultFetch;
  private final int pageSize;
  private final AthenaCost cost;
  private final long scanBudget;
  private final boolean scanBudgetExplain;
  private final Map<String, QueryExecution> finished = new ConcurrentHashMap<>();
  private final com.github.benmanes.caffeine.cache.Cache<String, Long> observedScans =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).build();
  private final com.github.benmanes.caffeine.cache.Cache<String, String> fingerprintById =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).build();

  private AthenaDatabaseClient(Builder b, AthenaClient athena, S3Client s3) {
    super(AthenaErrors.ENGINE, b);
    this.athena = athena;
    this.ownsAthena = b.athena == null;
    this.s3 = s3;
    this.ownsS3 = b.s3 == null && s3 != null;
    this.database = b.database;
    this.catalog = b.catalog;
    this.workgroup = b.workgroup;
    this.outputLocation = b.outputLocation;
    this.encryption = b.encryptionOption == null ? null : EncryptionConfiguration.builder()
        .encryptionOption(b.encryptionOption).kmsKey(b.kmsKey).build();
    this.resultReuseMaxAge = b.resultReuseMaxAge;
    this.resultFetch = b.resultFetch;
    this.pageSize = b.pageSize;
    this.cost = new AthenaCost(b.pricePerTb);
    this.scanBudget = b.scanBudget;
    this.scanBudgetExplain = b.scanBudgetExplain;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected String submit(Query query, ParsedSql sql, List<Object> values, String token) {
    String fingerprint = scanBudget > 0 ? java.util.HexFormat.of().formatHex(sql.normalizedDigest()) : null;
    String id = start(sql, values, token);
    if (fingerprint != null) {
      fingerprintById.put(id, fingerprint);
    }
    return id;
  }

  @Override
  protected void beforeSubmit(Query query, ParsedSql sql, List<Object> values) {
    if (scanBudget > 0) {
      checkScanBudget(query, sql, values, java.util.HexFormat.of().formatHex(sql.normalizedDigest()));
    }
  }

  private void checkScanBudget(Query query, ParsedSql sql, List<Object> values, String fingerprint) {
    Long observed = observedScans.getIfPresent(fingerprint);
    if (observed != null && observed > scanBudget) {
      throw new dev.runway.core.cost.ScanBudgetExceededException("query " + query.label().orElse(fingerprint.substring(0, 12))
          + " scanned " + human(observed) + " when it last ran, over the per-query scan budget of " + human(scanBudget)
          + "; narrow it (partitions, fewer columns) or raise scan-budget", observed, scanBudget);
    }
    if (scanBudgetExplain && !sql.normalized().regionMatches(true, 0, "EXPLAIN", 0, 7)) {
      long estimate = explainEstimate(sql, values);
      if (estimate > scanBudget) {
        throw new dev.runway.core.cost.ScanBudgetExceededException("query " + query.label().orElse(fingerprint.substring(0, 12))
            + " is estimated by EXPLAIN to scan " + human(estimate) + ", over the per-query scan budget of "
            + human(scanBudget) + "; narrow it (partitions, fewer columns) or raise scan-budget", estimate, scanBudget);
      }
    }
  }

  /** Sums EXPLAIN (TYPE IO, FORMAT JSON)'s size estimates of the input tables; -1 when unknown. */
  private long explainEstimate(ParsedSql sql, List<Object> values) {
    ParsedSql explain = ParsedSql.parse("EXPLAIN (TYPE IO, FORMAT JSON) " + sql.original());
    Map<String, Object> params = new java.util.LinkedHashMap<>();
    List<String> names = sql.parameterNames();
    for (int i = 0; i < names.size(); i++) {
      params.put(names.get(i), values.get(i) == null ? Query.NULL : values.get(i));
    }
    dev.runway.core.query.QueryResult plan = execute(Query.of(explain.original(), params).toBuilder().cacheable(false)
        .build());
    if (plan.isEmpty()) {
      return -1;
    }
    try {
      com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(String.valueOf(plan.row(0).get(0)));
      double total = 0;
      boolean any = false;
      for (com.fasterxml.jackson.databind.JsonNode t : root.path("inputTableColumnInfos")) {
        com.fasterxml.jackson.databind.JsonNode size = t.path("estimate").path("outputSizeInBytes");
        if (size.isNumber() && Double.isFinite(size.asDouble())) {
          total += size.asDouble();
          any = true;
        }
      }
      return any ? (long) total : -1;
    } catch (java.io.IOException e) {
      return -1; // no usable estimate: the observed figure still applies
    }
  }

  private static String human(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    if (bytes >= 1L << 20) {
      return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
    return bytes + " bytes";
  }

  private String start(ParsedSql sql, List<Object> values, String token) {
    StartQueryExecutionRequest.Builder r = StartQueryExecutionRequest.builder().clientRequestToken(token);
    if (values.isEmpty()) {
      r.queryString(sql.original());
    } else {
      if (DDL.matcher(sql.original()).matches()) {
        throw new InvalidQueryException("Athena cannot bind parameters in DDL (CREATE, DROP, ALTER, MSCK); "
            + "remove the :placeholders " + sql.parameterNames() + " from the statement");
      }
      List<String> literals = new ArrayList<>(values.size());
      List<String> names = sql.parameterNames();
      for (int i = 0; i < values.size(); i++) {
        literals.add(AthenaValues.literal(names.get(i), values.get(i)));
      }
      r.queryString(sql.positionalSql()).executionParameters(literals);
    }
    if (database != null || catalog != null) {
      r.queryExecutionContext(c -> c.database(database).catalog(catalog));
    }
    if (workgroup != null) {
      r.workGroup(workgroup);
    }
    if (outputLocation != null || encryption != null) {
      r.resultConfiguration(ResultConfiguration.builder().outputLocation(outputLocation)
          .encryptionConfiguration(encryption).build());
    }
    if (resultReuseMaxAge != null) {
      r.resultReuseConfiguration(ResultReuseConfiguration.builder().resultReuseByAgeConfiguration(
          ResultReuseByAgeConfiguration.builder().enabled(true)
              .maxAgeInMinutes((int) Math.max(1, resultReuseMaxAge.toMinutes())).build()).build());
    }
    try {
      return athena.startQueryExecution(r.build()).queryExecutionId();
    } catch (SdkException e) {
      throw AthenaErrors.api("StartQueryExecution", null, e);
    }
  }

  @Override
  protected Status describe(String queryId) {
    QueryExecution qe;
    try {
      qe = athena.getQueryExecution(b -> b.queryExecutionId(queryId)).queryExecution();
    } catch (SdkException e) {
      throw AthenaErrors.api("GetQueryExecution", queryId, e);
    }
    QueryExecutionState state = qe.status() == null ? null : qe.status().state();
    State s = state == null ? State.QUEUED : switch (state) {
      case QUEUED -> State.QUEUED;
      case RUNNING -> State.RUNNING;
      case SUCCEEDED -> State.SUCCEEDED;
      case FAILED -> State.FAILED;
      case CANCELLED -> State.CANCELLED;
      default -> State.RUNNING;
    };
    QueryStats stats = stats(qe, s == State.SUCCEEDED);
    if (s.terminal()) {
      String fp = fingerprintById.asMap().remove(queryId);
      if (fp != null && stats.bytesScanned().isPresent() && !stats.fromCache()) {
        observedScans.put(fp, stats.bytesScanned().getAsLong());
      }
    }
    if (s == State.FAILED) {
      return new Status(s, AthenaErrors.failed(queryId, qe.status().athenaError(),
          qe.status().stateChangeReason()), stats, false);
    }
    boolean rows = s == State.SUCCEEDED && !"DDL".equalsIgnoreCase(qe.statementTypeAsString());
    if (rows) {
      finished.put(queryId, qe); // read once by pages(), which follows at once
    }
    return new Status(s, null, stats, rows);
  }

  private QueryStats stats(QueryExecution qe, boolean succeeded) {
    QueryStats.Builder b = QueryStats.builder(AthenaErrors.ENGINE).queryId(qe.queryExecutionId());
    QueryExecutionStatistics st = qe.statistics();
    if (st == null) {
      return b.build();
    }
    boolean reused = st.resultReuseInformation() != null
        && Boolean.TRUE.equals(st.resultReuseInformation().reusedPreviousResult());
    long scanned = st.dataScannedInBytes() == null ? -1 : st.dataScannedInBytes();
    b.queueTime(millis(st.queryQueueTimeInMillis())).planningTime(millis(st.queryPlanningTimeInMillis()))
        .executionTime(millis(st.engineExecutionTimeInMillis())).totalTime(millis(st.totalExecutionTimeInMillis()))
        .bytesScanned(scanned).fromCache(reused)
        .estimatedCostUsd(cost.cost(Math.max(0, scanned), qe.statementTypeAsString(), succeeded, reused));
    return b.build();
  }

  private static Duration millis(Long ms) {
    return ms == null || ms < 0 ? Duration.ZERO : Duration.ofMillis(ms);
  }

  @Override
  protected void stop(String queryId) {
    try {
      athena.stopQueryExecution(b -> b.queryExecutionId(queryId));
    } catch (SdkException e) {
      throw AthenaErrors.api("StopQueryExecution", queryId, e);
    }
  }

  @Override
  protected Pages pages(String queryId, Status status, Query query) {
    QueryExecution qe = finished.remove(queryId);
    boolean dml = qe == null || "DML".equalsIgnoreCase(qe.statementTypeAsString());
    String file = qe == null || qe.resultConfiguration() == null ? null : qe.resultConfiguration().outputLocation();
    boolean s3Possible = dml && file != null && s3 != null;
    if (resultFetch == ResultFetch.S3 && s3 == null) {
      throw new IllegalStateException("result-fetch S3 needs an S3 client; set one on the builder");
    }
    if (resultFetch == ResultFetch.S3 && s3Possible) {
      return new S3Pages(queryId, file, null, 0);
    }
    ApiPages api = new ApiPages(queryId, dml);
    if (resultFetch == ResultFetch.AUTO && s3Possible) {
      return new AutoPages(api, queryId, file);
    }
    return api;
  }

  /**
   * The first page from the API (it carries the columns, and most results fit in it); when there
   * are more, the rest from the result file in S3, skipping the rows already read. No extra call
   * is made for a result of one page.
   */
  private final class AutoPages implements Pages {
    private final ApiPages api;
    private final String queryId;
    private final String file;
    private Pages rest;

    AutoPages(ApiPages api, String queryId, String file) {
      this.api = api;
      this.queryId = queryId;
      this.file = file;
    }

    @Override
    public Page next() {
      if (rest != null) {
        return rest.next();
      }
      Page first = api.next();
      rest = first != null && api.hasMore() ? new S3Pages(queryId, file, first.columns(), first.rows().size())
          : api;
      return first;
    }

    @Override
    public void close() {
      if (rest != null) {
        rest.close();
      }
    }
  }

  /** Reads {@code GetQueryResults} pages; skips the header row on the first page of a SELECT. */
  private final class ApiPages implements Pages {
    private final String queryId;
    private final boolean dml;
    private String token;
    private boolean first = true;
    private List<Column> columns;

    ApiPages(String queryId, boolean dml) {
      this.queryId = queryId;
      this.dml = dml;
    }

    @Override
    public Page next() {
      if (!first && token == null) {
        return null;
      }
      GetQueryResultsResponse r;
      try {
        String t = token;
        r = athena.getQueryResults(b -> b.queryExecutionId(queryId).maxResults(pageSize).nextToken(t));
      } catch (SdkException e) {
        throw AthenaErrors.api("GetQueryResults", queryId, e);
      }
      if (columns == null) {
        columns = new ArrayList<>();
        for (ColumnInfo info : r.resultSet().resultSetMetadata().columnInfo()) {
          columns.add(AthenaValues.column(info));
        }
      }
      var rows = r.resultSet().rows();
      List<Object[]> out = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        List<Datum> data = rows.get(i).data();
        if (first && i == 0 && dml && isHeader(data)) {
          continue;
        }
        out.add(values(data, i));
      }
      first = false;
      token = r.nextToken();
      return new Page(columns, out);
    }

    /** Returns whether the last page read said there are more. */
    boolean hasMore() {
      return token != null;
    }

    private boolean isHeader(List<Datum> data) {
      if (data.size() != columns.size()) {
        return false;
      }
      for (int c = 0; c < data.size(); c++) {
        if (!columns.get(c).name().equals(data.get(c).varCharValue())) {
          return false;
        }
      }
      return true;
    }

    private Object[] values(List<Datum> data, int row) {
      if (data.size() != columns.size()) {
        throw new QueryFailedException("Athena returned " + data.size() + " values in row " + row
            + " of query " + queryId + " for " + columns.size() + " columns", AthenaErrors.ENGINE,
            ErrorCategory.INTERNAL, queryId, null);
      }
      Object[] v = new Object[data.size()];
      for (int c = 0; c < v.length; c++) {
        v[c] = AthenaValues.parse(columns.get(c), data.get(c).varCharValue());
      }
      return v;
    }
  }

  /**
   * Streams the result CSV from S3; the columns come from one small GetQueryResults call unless
   * already known.
   */
  private final class S3Pages implements Pages {
    private final String queryId;
    private final String file;
    private final int skip;
    private List<Column> columns;
    private boolean opened;
    private ResponseInputStream<GetObjectResponse> body;
    private CsvRecords csv;

    S3Pages(String queryId, String file, List<Column> columns, int skip) {
      this.queryId = queryId;
      this.file = file;
      this.columns = columns;
      this.skip = skip;
    }

    @Override
    public Page next() {
      if (!opened) {
        opened = true;
        open();
      }
      if (csv == null) {
        return null;
      }
      List<Object[]> rows = new ArrayList<>(pageSize);
      List<String> rec;
      while (rows.size() < pageSize && (rec = csv.next()) != null) {
        if (rec.size() != columns.size()) {
          throw new QueryFailedException("the result CSV of query " + queryId + " has " + rec.size()
              + " fields in a row for " + columns.size() + " columns", AthenaErrors.ENGINE,
              ErrorCategory.INTERNAL, queryId, null);
        }
        Object[] v = new Object[rec.size()];
        for (int c = 0; c < v.length; c++) {
          v[c] = AthenaValues.parse(columns.get(c), rec.get(c));
        }
        rows.add(v);
      }
      if (rows.isEmpty() && !firstPage) {
        close();
        return null;
      }
      firstPage = false;
      return new Page(columns, rows);
    }

    private boolean firstPage = true;

    private void open() {
      if (columns == null) {
        GetQueryResultsResponse r;
        try {
          r = athena.getQueryResults(b -> b.queryExecutionId(queryId).maxResults(1));
        } catch (SdkException e) {
          throw AthenaErrors.api("GetQueryResults", queryId, e);
        }
        columns = new ArrayList<>();
        for (ColumnInfo info : r.resultSet().resultSetMetadata().columnInfo()) {
          columns.add(AthenaValues.column(info));
        }
      }
      S3Location loc = S3Location.parse(file);
      try {
        body = s3.getObject(b -> b.bucket(loc.bucket()).key(loc.key()));
      } catch (SdkException e) {
        throw AthenaErrors.api("S3 GetObject of " + file, queryId, e);
      }
      csv = new CsvRecords(new InputStreamReader(body, StandardCharsets.UTF_8));
      csv.next(); // the header row
      for (int i = 0; i < skip && csv.next() != null; i++) {
        // rows the caller already has from the first API page
      }
    }

    @Override
    public void close() {
      csv = null;
      if (body != null) {
        try {
          body.abort();
          body.close();
        } catch (Exception ignored) {
          // nothing left to release
        }
        body = null;
      }
    }
  }

  /** An {@code s3://bucket/key} location. */
  record S3Location(String bucket, String key) {
    static S3Location parse(String uri) {
      if (!uri.startsWith("s3://")) {
        throw new IllegalArgumentException("not an s3:// location: " + uri);
      }
      String rest = uri.substring(5);
      int slash = rest.indexOf('/');
      if (slash <= 0) {
        throw new IllegalArgumentException("an s3:// location needs a bucket and a key: " + uri);
      }
      return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }
  }

  @Override
  protected void closeResources() {
    if (ownsAthena) {
      athena.close();
    }
    if (ownsS3) {
      s3.close();
    }
  }

  @Override
  public String toString() {
    return "AthenaDatabaseClient{workgroup=" + workgroup + ", database=" + database
        + ", output=" + outputLocation + ", fetch=" + resultFetch + "}";
  }

  /** Builds an {@link AthenaDatabaseClient}; not thread-safe. */
  public static final class Builder extends PollingDatabaseClient.Settings<Builder> {
    private AthenaClient athena;
    private S3Client s3;
    private String region;
    private URI endpoint;
    private URI s3Endpoint;
    private String database;
    private String catalog;
    private String workgroup;
    private String outputLocation;
    private EncryptionOption encryptionOption;
    private String kmsKey;
    private Duration resultReuseMaxAge;
    private ResultFetch resultFetch = ResultFetch.AUTO;
    private int pageSize = 1000;
    private BigDecimal pricePerTb = AthenaCost.DEFAULT_PRICE_PER_TB;
    private long scanBudget;
    private boolean scanBudgetExplain;

    private Builder() {
      super(50);
    }

    /**
     * Refuses, before running it, a query that scanned more than {@code bytes} the last time it
     * ran (same normalised SQL) or, with {@code explain}, whose EXPLAIN (TYPE IO) estimate is over
     * it (one extra EXPLAIN call per query; tables without statistics give no estimate). Off by
     * default.
     */
    public Builder scanBudget(long bytes, boolean explain) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("scan budget must be > 0 bytes, got " + bytes);
      }
      this.scanBudget = bytes;
      this.scanBudgetExplain = explain;
      return this;
    }

    /** Uses a caller-built Athena client, which the Runway client will not close. */
    public Builder athenaClient(AthenaClient client) {
      this.athena = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Uses a caller-built S3 client for the S3 result path, which the Runway client will not close. */
    public Builder s3Client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the region of clients built here (default: the SDK's region chain). */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** Overrides the Athena endpoint of a client built here (default: the SDK's, incl. AWS_ENDPOINT_URL_ATHENA). */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Overrides the S3 endpoint of a client built here, with path-style addressing (for local S3). */
    public Builder s3Endpoint(URI endpoint) {
      this.s3Endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Sets the database (Glue database) queries run in. */
    public Builder database(String database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /** Sets the data catalog (default: Athena's, {@code AwsDataCatalog}). */
    public Builder catalog(String catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** Sets the workgroup (default: {@code primary}). */
    public Builder workgroup(String workgroup) {
      this.workgroup = Objects.requireNonNull(workgroup, "workgroup");
      return this;
    }

    /** Sets the S3 location results are written to (default: the workgroup's). */
    public Builder outputLocation(String location) {
      Objects.requireNonNull(location, "location");
      if (!location.startsWith("s3://")) {
        throw new IllegalArgumentException("output location must be an s3:// URI, got " + location);
      }
      this.outputLocation = location;
      return this;
    }

    /** Encrypts results with {@code option} ({@code SSE_S3}, {@code SSE_KMS}, {@code CSE_KMS}); the key for KMS. */
    public Builder encryption(String option, String kmsKey) {
      EncryptionOption o = EncryptionOption.fromValue(Objects.requireNonNull(option, "option").toUpperCase(Locale.ROOT));
      if (o == EncryptionOption.UNKNOWN_TO_SDK_VERSION) {
        throw new IllegalArgumentException("encryption must be SSE_S3, SSE_KMS or CSE_KMS, got " + option);
      }
      if (o != EncryptionOption.SSE_S3 && kmsKey == null) {
        throw new IllegalArgumentException(o + " encryption needs a KMS key");
      }
      this.encryptionOption = o;
      this.kmsKey = kmsKey;
      return this;
    }

    /** Lets Athena reuse a result of the same query up to {@code maxAge} old (off by default). */
    public Builder resultReuse(Duration maxAge) {
      if (maxAge.toMinutes() < 1 || maxAge.toDays() > 7) {
        throw new IllegalArgumentException("result reuse max age must be between 1 minute and 7 days, got " + maxAge);
      }
      this.resultReuseMaxAge = maxAge;
      return this;
    }





    /** Chooses where results are read from (default {@link ResultFetch#AUTO}). */
    public Builder resultFetch(ResultFetch fetch) {
      this.resultFetch = Objects.requireNonNull(fetch, "fetch");
      return this;
    }


    /** Sets the rows per GetQueryResults call, 1 to 1,000 (default 1,000). */
    public Builder pageSize(int rows) {
      if (rows < 1 || rows > 1000) {
        throw new IllegalArgumentException("page size must be between 1 and 1000, got " + rows);
      }
      this.pageSize = rows;
      return this;
    }

    /** Sets the price per terabyte scanned in US dollars (default 5.00). */
    public Builder pricePerTb(BigDecimal price) {
      new AthenaCost(price);
      this.pricePerTb = price;
      return this;
    }

    /** Returns the client; builds the SDK clients it needs and no others. */
    public AthenaDatabaseClient build() {
      AthenaClient a = athena;
      if (a == null) {
        AthenaClientBuilder b = AthenaClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        if (region != null) {
          b.region(Region.of(region));
        }
        if (endpoint != null) {
          b.endpointOverride(endpoint);
        }
        a = b.build();
      }
      S3Client s = s3;
      if (s == null && resultFetch != ResultFetch.API && athena == null) {
        S3ClientBuilder b = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        if (region != null) {
          b.region(Region.of(region));
        }
        if (s3Endpoint != null) {
          b.endpointOverride(s3Endpoint).forcePathStyle(true);
        }
        s = b.build();
      }
      return new AthenaDatabaseClient(this, a, s);
    }
  }
}
