package dev.runway.redshift;

import dev.runway.core.engine.PolledEngine;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.query.Column;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryStats;
import dev.runway.core.sql.ParsedSql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.ColumnMetadata;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.SqlParameter;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;

/**
 * The Redshift Data API as a {@link PolledEngine}: {@code ExecuteStatement}, {@code
 * DescribeStatement}, {@code CancelStatement} and {@code GetStatementResult} pages. The {@link
 * RedshiftDataApiClient} facade runs it on a {@link dev.runway.core.engine.PolledQueryRuntime}.
 * Thread-safe.
 */
final class RedshiftDataApiEngine implements PolledEngine<DescribeStatementResponse> {

  private final RedshiftDataClient api;
  private final boolean ownsApi;
  private final String database;
  private final @Nullable String workgroup;
  private final @Nullable String cluster;
  private final @Nullable String dbUser;
  private final @Nullable String secretArn;
  private final RedshiftServerlessCost cost;

  RedshiftDataApiEngine(RedshiftDataApiClient.Builder b, RedshiftDataClient api, boolean ownsApi) {
    this.api = api;
    this.ownsApi = ownsApi;
    this.database = Objects.requireNonNull(b.database, "build() checks the database");
    this.workgroup = b.workgroup;
    this.cluster = b.cluster;
    this.dbUser = b.dbUser;
    this.secretArn = b.secretArn;
    this.cost = new RedshiftServerlessCost(b.baseRpu, b.pricePerRpuHour);
  }

  @Override
  public String name() {
    return RedshiftErrors.ENGINE;
  }

  @Override
  public String submit(Submission s) {
    Query query = s.query();
    ParsedSql sql = s.sql();
    List<Object> values = s.values();
    String token = s.idempotencyToken();
    List<String> names = sql.parameterNames();
    Map<String, String> params = new LinkedHashMap<>();
    String[] placeholder = new String[values.size()];
    for (int i = 0; i < values.size(); i++) {
      String name = names.get(i);
      String text = RedshiftValues.text(name, values.get(i));
      if (text == null) {
        placeholder[i] = values.get(i) == null ? "NULL" : "''";
      } else {
        placeholder[i] = ":" + name;
        params.put(name, text);
      }
    }
    String statement = values.isEmpty() ? sql.original() : sql.render(i -> placeholder[i]);
    List<SqlParameter> parameters = new ArrayList<>(params.size());
    params.forEach((n, v) -> parameters.add(SqlParameter.builder().name(n).value(v).build()));
    ExecuteStatementRequest.Builder r =
        ExecuteStatementRequest.builder().sql(statement).database(database).clientToken(token);
    if (!parameters.isEmpty()) {
      r.parameters(parameters);
    }
    if (workgroup != null) {
      r.workgroupName(workgroup).secretArn(secretArn);
    } else {
      r.clusterIdentifier(cluster).dbUser(dbUser).secretArn(secretArn);
    }
    query.label().ifPresent(l -> r.statementName(l.length() > 500 ? l.substring(0, 500) : l));
    try {
      return api.executeStatement(r.build()).id();
    } catch (SdkException e) {
      throw RedshiftErrors.api("ExecuteStatement", null, e);
    }
  }

  @Override
  public Status<DescribeStatementResponse> describe(String id) {
    DescribeStatementResponse d;
    try {
      d = api.describeStatement(b -> b.id(id));
    } catch (SdkException e) {
      throw RedshiftErrors.api("DescribeStatement", id, e);
    }
    State state =
        d.status() == null
            ? State.QUEUED
            : switch (d.status()) {
              case SUBMITTED, PICKED -> State.QUEUED;
              case STARTED -> State.RUNNING;
              case FINISHED -> State.SUCCEEDED;
              case FAILED -> State.FAILED;
              case ABORTED -> State.CANCELLED;
              default -> State.RUNNING;
            };
    Duration took =
        d.duration() == null || d.duration() < 0 ? Duration.ZERO : Duration.ofNanos(d.duration());
    QueryStats.Builder stats =
        QueryStats.builder(RedshiftErrors.ENGINE).queryId(id).executionTime(took);
    if (state == State.SUCCEEDED && workgroup != null) {
      java.time.Instant end = d.updatedAt() != null ? d.updatedAt() : java.time.Instant.now();
      stats.estimatedCostUsd(cost.attribute(id, end.minus(took), end));
    }
    if (state == State.FAILED) {
      return new Status<>(id, state, RedshiftErrors.failed(id, d.error()), stats.build(), false, d);
    }
    return new Status<>(id, state, null, stats.build(), Boolean.TRUE.equals(d.hasResultSet()), d);
  }

  RedshiftServerlessCost.Totals serverlessCost() {
    return cost.totals();
  }

  @Override
  public void ping() {
    try {
      api.listStatements(b -> b.maxResults(1));
    } catch (SdkException e) {
      throw RedshiftErrors.api("ListStatements", null, e);
    }
  }

  @Override
  public void stop(String id) {
    try {
      api.cancelStatement(b -> b.id(id));
    } catch (ValidationException e) {
      // "To be canceled, a query must be running" (CancelStatement, Data API reference): a
      // statement that finished, failed or was aborted meanwhile is stopped already, which is all
      // a stop asks for; anything else the service refused is reported
      if (!finished(id)) {
        throw RedshiftErrors.api("CancelStatement", id, e);
      }
    } catch (SdkException e) {
      throw RedshiftErrors.api("CancelStatement", id, e);
    }
  }

  private boolean finished(String id) {
    try {
      StatusString s = api.describeStatement(b -> b.id(id)).status();
      return s == StatusString.FINISHED || s == StatusString.FAILED || s == StatusString.ABORTED;
    } catch (SdkException e) {
      return false;
    }
  }

  @Override
  public Pages pages(Status<DescribeStatementResponse> status, Query query) {
    String id = status.queryId();
    return new Pages() {
      private @Nullable String token;
      private boolean first = true;
      private @Nullable List<Column> columns;

      @Override
      public @Nullable Page next() {
        if (!first && token == null) {
          return null;
        }
        GetStatementResultResponse r;
        try {
          String t = token;
          r = api.getStatementResult(b -> b.id(id).nextToken(t));
        } catch (SdkException e) {
          throw RedshiftErrors.api("GetStatementResult", id, e);
        }
        if (columns == null) {
          columns = new ArrayList<>();
          for (ColumnMetadata m : r.columnMetadata()) {
            columns.add(RedshiftValues.column(m));
          }
        }
        List<Object[]> rows = new ArrayList<>(r.records().size());
        for (List<Field> rec : r.records()) {
          if (rec.size() != columns.size()) {
            throw new QueryFailedException(
                "Redshift returned "
                    + rec.size()
                    + " fields for "
                    + columns.size()
                    + " columns in statement "
                    + id,
                RedshiftErrors.ENGINE,
                ErrorCategory.INTERNAL,
                id,
                null);
          }
          Object[] v = new Object[rec.size()];
          for (int c = 0; c < v.length; c++) {
            v[c] = RedshiftValues.value(columns.get(c), rec.get(c));
          }
          rows.add(v);
        }
        first = false;
        token = r.nextToken();
        return new Page(columns, rows);
      }
    };
  }

  @Override
  public void close() {
    if (ownsApi) {
      api.close();
    }
  }
}
