package dev.runway.athena;

import dev.runway.athena.AthenaDatabaseClient.ResultFetch;
import dev.runway.core.engine.PolledEngine;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.query.Column;
import dev.runway.core.query.InvalidQueryException;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryStats;
import dev.runway.core.sql.ParsedSql;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.EncryptionConfiguration;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatistics;
import software.amazon.awssdk.services.athena.model.ResultConfiguration;
import software.amazon.awssdk.services.athena.model.ResultReuseByAgeConfiguration;
import software.amazon.awssdk.services.athena.model.ResultReuseConfiguration;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Athena as a {@link PolledEngine}: {@code StartQueryExecution}, {@code GetQueryExecution}, {@code
 * StopQueryExecution} and the result pages ({@code GetQueryResults}, or the result CSV in S3). The
 * {@link AthenaDatabaseClient} facade runs it on a {@link
 * dev.runway.core.engine.PolledQueryRuntime}. Thread-safe.
 */
final class AthenaEngine implements PolledEngine<QueryExecution> {

  private static final Pattern DDL =
      Pattern.compile(
          "(?is)^\\s*(?:(?:--[^\\n]*\\n)|(?:/\\*.*?\\*/)|\\s)*(CREATE|DROP|ALTER|MSCK)\\b.*");

  private final AthenaClient athena;
  private final boolean ownsAthena;

  /** Where the S3 client comes from: built on first use (a cold start builds no S3 client). */
  private final @Nullable Supplier<S3Client> s3Source;

  private final boolean ownsS3;
  private @Nullable S3Client s3; // guarded by this
  private boolean closed; // guarded by this
  private final @Nullable String database;
  private final @Nullable String catalog;
  private final @Nullable String workgroup;
  private final @Nullable String outputLocation;
  private final @Nullable EncryptionConfiguration encryption;
  private final @Nullable Duration resultReuseMaxAge;
  private final ResultFetch resultFetch;
  private final int pageSize;
  private final long s3RangeSize;
  private final int s3Parallelism;
  private final ExecutorService s3Fetches;
  private final AthenaCost cost;

  AthenaEngine(
      AthenaDatabaseClient.Builder b,
      AthenaClient athena,
      boolean ownsAthena,
      @Nullable Supplier<S3Client> s3,
      boolean ownsS3) {
    this.athena = athena;
    this.ownsAthena = ownsAthena;
    this.s3Source = s3;
    this.ownsS3 = ownsS3;
    this.database = b.database;
    this.catalog = b.catalog;
    this.workgroup = b.workgroup;
    this.outputLocation = b.outputLocation;
    this.encryption =
        b.encryptionOption == null
            ? null
            : EncryptionConfiguration.builder()
                .encryptionOption(b.encryptionOption)
                .kmsKey(b.kmsKey)
                .build();
    this.resultReuseMaxAge = b.resultReuseMaxAge;
    this.resultFetch = b.resultFetch;
    this.pageSize = b.pageSize;
    this.s3RangeSize = b.s3RangeSize;
    this.s3Parallelism = b.s3Parallelism;
    this.s3Fetches =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "runway-athena-s3");
              t.setDaemon(true);
              return t;
            });
    this.cost = new AthenaCost(b.pricePerTb);
  }

  @Override
  public String name() {
    return AthenaErrors.ENGINE;
  }

  @Override
  public String submit(Submission s) {
    return start(s.sql(), s.values(), s.idempotencyToken());
  }

  private String start(ParsedSql sql, List<Object> values, String token) {
    StartQueryExecutionRequest.Builder r =
        StartQueryExecutionRequest.builder().clientRequestToken(token);
    if (values.isEmpty()) {
      r.queryString(sql.original());
    } else {
      if (DDL.matcher(sql.original()).matches()) {
        throw new InvalidQueryException(
            "Athena cannot bind parameters in DDL (CREATE, DROP, ALTER, MSCK); "
                + "remove the :placeholders "
                + sql.parameterNames()
                + " from the statement");
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
      r.resultConfiguration(
          ResultConfiguration.builder()
              .outputLocation(outputLocation)
              .encryptionConfiguration(encryption)
              .build());
    }
    if (resultReuseMaxAge != null) {
      r.resultReuseConfiguration(
          ResultReuseConfiguration.builder()
              .resultReuseByAgeConfiguration(
                  ResultReuseByAgeConfiguration.builder()
                      .enabled(true)
                      .maxAgeInMinutes((int) Math.max(1, resultReuseMaxAge.toMinutes()))
                      .build())
              .build());
    }
    try {
      return athena.startQueryExecution(r.build()).queryExecutionId();
    } catch (SdkException e) {
      throw AthenaErrors.api("StartQueryExecution", null, e);
    }
  }

  @Override
  public Status<QueryExecution> describe(String queryId) {
    QueryExecution qe;
    try {
      qe = athena.getQueryExecution(b -> b.queryExecutionId(queryId)).queryExecution();
    } catch (SdkException e) {
      throw AthenaErrors.api("GetQueryExecution", queryId, e);
    }
    QueryExecutionState state = qe.status() == null ? null : qe.status().state();
    State s =
        state == null
            ? State.QUEUED
            : switch (state) {
              case QUEUED -> State.QUEUED;
              case RUNNING -> State.RUNNING;
              case SUCCEEDED -> State.SUCCEEDED;
              case FAILED -> State.FAILED;
              case CANCELLED -> State.CANCELLED;
              default -> State.RUNNING;
            };
    QueryStats stats = stats(qe, s == State.SUCCEEDED);
    if (s == State.FAILED) {
      return new Status<>(
          queryId,
          s,
          AthenaErrors.failed(queryId, qe.status().athenaError(), qe.status().stateChangeReason()),
          stats,
          false,
          qe);
    }
    boolean rows = s == State.SUCCEEDED && !"DDL".equalsIgnoreCase(qe.statementTypeAsString());
    return new Status<>(queryId, s, null, stats, rows, qe);
  }

  private QueryStats stats(QueryExecution qe, boolean succeeded) {
    QueryStats.Builder b = QueryStats.builder(AthenaErrors.ENGINE).queryId(qe.queryExecutionId());
    QueryExecutionStatistics st = qe.statistics();
    if (st == null) {
      return b.build();
    }
    boolean reused =
        st.resultReuseInformation() != null
            && Boolean.TRUE.equals(st.resultReuseInformation().reusedPreviousResult());
    long scanned = st.dataScannedInBytes() == null ? -1 : st.dataScannedInBytes();
    b.queueTime(millis(st.queryQueueTimeInMillis()))
        .planningTime(millis(st.queryPlanningTimeInMillis()))
        .executionTime(millis(st.engineExecutionTimeInMillis()))
        .totalTime(millis(st.totalExecutionTimeInMillis()))
        .bytesScanned(scanned)
        .fromCache(reused)
        .estimatedCostUsd(
            cost.cost(Math.max(0, scanned), qe.statementTypeAsString(), succeeded, reused));
    return b.build();
  }

  private static Duration millis(Long ms) {
    return ms == null || ms < 0 ? Duration.ZERO : Duration.ofMillis(ms);
  }

  @Override
  public void ping() {
    String name = workgroup == null ? "primary" : workgroup;
    try {
      athena.getWorkGroup(b -> b.workGroup(name));
    } catch (SdkException e) {
      throw AthenaErrors.api("GetWorkGroup", null, e);
    }
  }

  @Override
  public void stop(String queryId) {
    try {
      athena.stopQueryExecution(b -> b.queryExecutionId(queryId));
    } catch (SdkException e) {
      throw AthenaErrors.api("StopQueryExecution", queryId, e);
    }
  }

  @Override
  public Pages pages(Status<QueryExecution> status, Query query) {
    String queryId = status.queryId();
    QueryExecution qe = status.detail();
    boolean dml = qe == null || "DML".equalsIgnoreCase(qe.statementTypeAsString());
    String file =
        qe == null || qe.resultConfiguration() == null
            ? null
            : qe.resultConfiguration().outputLocation();
    // the result file, when it can be read from S3
    String s3File = dml && s3Source != null ? file : null;
    if (resultFetch == ResultFetch.S3 && s3Source == null) {
      throw new IllegalStateException("result-fetch S3 needs an S3 client; set one on the builder");
    }
    if (resultFetch == ResultFetch.S3 && s3File != null) {
      return new S3Pages(queryId, s3File, null, 0);
    }
    ApiPages api = new ApiPages(queryId, dml);
    if (resultFetch == ResultFetch.AUTO && s3File != null) {
      return new AutoPages(api, queryId, s3File);
    }
    return api;
  }

  /**
   * The first page from the API (it carries the columns, and most results fit in it); when there
   * are more, the rest from the result file in S3, skipping the rows already read. No extra call is
   * made for a result of one page.
   */
  private final class AutoPages implements Pages {
    private final ApiPages api;
    private final String queryId;
    private final String file;
    private @Nullable Pages rest;

    AutoPages(ApiPages api, String queryId, String file) {
      this.api = api;
      this.queryId = queryId;
      this.file = file;
    }

    @Override
    public @Nullable Page next() {
      if (rest != null) {
        return rest.next();
      }
      Page first = api.next();
      rest =
          first != null && api.hasMore()
              ? new S3Pages(queryId, file, first.columns(), first.rows().size())
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
    private @Nullable String token;
    private boolean first = true;
    private @Nullable List<Column> columns;

    ApiPages(String queryId, boolean dml) {
      this.queryId = queryId;
      this.dml = dml;
    }

    @Override
    public @Nullable Page next() {
      if (!first && token == null) {
        return null;
      }
      GetQueryResultsResponse r;
      try {
        String t = token;
        r =
            athena.getQueryResults(
                b -> b.queryExecutionId(queryId).maxResults(pageSize).nextToken(t));
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
      return new Page(columns(), out);
    }

    /** The columns, known once the first page (or the metadata call) has been read. */
    private List<Column> columns() {
      return Objects.requireNonNull(columns, "the columns are read before any row");
    }

    /** Returns whether the last page read said there are more. */
    boolean hasMore() {
      return token != null;
    }

    private boolean isHeader(List<Datum> data) {
      if (data.size() != columns().size()) {
        return false;
      }
      for (int c = 0; c < data.size(); c++) {
        if (!columns().get(c).name().equals(data.get(c).varCharValue())) {
          return false;
        }
      }
      return true;
    }

    private Object[] values(List<Datum> data, int row) {
      if (data.size() != columns().size()) {
        throw new QueryFailedException(
            "Athena returned "
                + data.size()
                + " values in row "
                + row
                + " of query "
                + queryId
                + " for "
                + columns().size()
                + " columns",
            AthenaErrors.ENGINE,
            ErrorCategory.INTERNAL,
            queryId,
            null);
      }
      Object[] v = new Object[data.size()];
      for (int c = 0; c < v.length; c++) {
        v[c] = AthenaValues.parse(columns().get(c), data.get(c).varCharValue());
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
    private @Nullable List<Column> columns;
    private boolean opened;
    private @Nullable InputStream body;
    private @Nullable CsvRecords csv;

    S3Pages(String queryId, String file, @Nullable List<Column> columns, int skip) {
      this.queryId = queryId;
      this.file = file;
      this.columns = columns;
      this.skip = skip;
    }

    @Override
    public @Nullable Page next() {
      if (!opened) {
        opened = true;
        open();
      }
      if (csv == null) {
        return null;
      }
      List<Object[]> rows = new ArrayList<>(pageSize);
      List<String> rec;
      while (rows.size() < pageSize && (rec = nextRecord()) != null) {
        if (rec.size() != columns().size()) {
          throw new QueryFailedException(
              "the result CSV of query "
                  + queryId
                  + " has "
                  + rec.size()
                  + " fields in a row for "
                  + columns().size()
                  + " columns",
              AthenaErrors.ENGINE,
              ErrorCategory.INTERNAL,
              queryId,
              null);
        }
        Object[] v = new Object[rec.size()];
        for (int c = 0; c < v.length; c++) {
          v[c] = AthenaValues.parse(columns().get(c), rec.get(c));
        }
        rows.add(v);
      }
      if (rows.isEmpty() && !firstPage) {
        close();
        return null;
      }
      firstPage = false;
      return new Page(columns(), rows);
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
        body =
            new RangedObjectStream(
                s3(), loc.bucket(), loc.key(), s3RangeSize, s3Parallelism, s3Fetches);
      } catch (SdkException e) {
        throw AthenaErrors.api("S3 GetObject of " + file, queryId, e);
      }
      csv = new CsvRecords(new InputStreamReader(body, StandardCharsets.UTF_8));
      csv.next(); // the header row
      for (int i = 0; i < skip && csv.next() != null; i++) {
        // rows the caller already has from the first API page
      }
    }

    /** The columns, known once the first page (or the metadata call) has been read. */
    private List<Column> columns() {
      return Objects.requireNonNull(columns, "the columns are read before any row");
    }

    /** The next record; a failed range GET is the same error as a failed GET of the whole file. */
    private @Nullable List<String> nextRecord() {
      CsvRecords records = csv;
      if (records == null) {
        return null;
      }
      try {
        return records.next();
      } catch (SdkException e) {
        throw AthenaErrors.api("S3 GetObject of " + file, queryId, e);
      }
    }

    @Override
    public void close() {
      csv = null;
      if (body != null) {
        try {
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
  public void close() {
    s3Fetches.shutdownNow();
    if (ownsAthena) {
      athena.close();
    }
    S3Client built;
    synchronized (this) {
      closed = true;
      built = s3;
    }
    if (ownsS3 && built != null) {
      built.close();
    }
  }

  /** The S3 client, built on first use; S3 pages are made only when there is one. */
  private synchronized S3Client s3() {
    if (closed) {
      throw new IllegalStateException("the Athena client is closed");
    }
    S3Client c = s3;
    if (c == null) {
      c = Objects.requireNonNull(s3Source, "S3 pages are made only with an S3 client").get();
      s3 = c;
    }
    return c;
  }
}
