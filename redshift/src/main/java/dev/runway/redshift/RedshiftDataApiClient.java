package dev.runway.redshift;

import dev.runway.core.query.Column;
import dev.runway.core.ErrorCategory;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryStats;
import dev.runway.core.spi.ParsedSql;
import dev.runway.core.spi.PollingDatabaseClient;
import dev.runway.core.spi.PollingPolicy;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClientBuilder;
import software.amazon.awssdk.services.redshiftdata.model.ColumnMetadata;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.SqlParameter;

/**
 * A {@link dev.runway.core.query.DatabaseClient} on the Amazon Redshift Data API, for Redshift
 * Serverless ({@link Builder#workgroup}) and provisioned clusters
 * ({@link Builder#cluster} with a database user or a Secrets Manager secret).
 *
 * <p>Redshift takes {@code :name} placeholders as Runway does, so the SQL is sent as written and
 * each value as a named {@code SqlParameter} (text that Redshift converts to the type the
 * statement needs). The API cannot carry SQL NULL or the empty string as a parameter value
 * (values need at least one character), so those two are written into the statement as the
 * constants {@code NULL} and {@code ''}: no caller text is ever spliced. Completion is polled
 * with back-off under a client-wide rate limit for {@code DescribeStatement}; a timeout or
 * cancellation calls {@code CancelStatement}; results come from {@code GetStatementResult}
 * pages, the next fetched while the current one is read. {@link QueryStats} carries the
 * duration, rows and, on Serverless, a cost estimate ({@link RedshiftServerlessCost}).
 */
public final class RedshiftDataApiClient extends PollingDatabaseClient {

  private final RedshiftDataClient api;
  private final boolean ownsApi;
  private final String database;
  private final String workgroup;
  private final String cluster;
  private final String dbUser;
  private final String secretArn;
  private final RedshiftServerlessCost cost;

  private RedshiftDataApiClient(Builder b, RedshiftDataClient api) {
    super(RedshiftErrors.ENGINE, b);
    this.api = api;
    this.ownsApi = b.api == null;
    this.database = b.database;
    this.workgroup = b.workgroup;
    this.cluster = b.cluster;
    this.dbUser = b.dbUser;
    this.secretArn = b.secretArn;
    this.cost = new RedshiftServerlessCost(b.baseRpu, b.pricePerRpuHour);
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected String submit(Query query, ParsedSql sql, List<Object> values, String token) {
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
    ExecuteStatementRequest.Builder r = ExecuteStatementRequest.builder().sql(statement)
        .database(database).clientToken(token);
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
  protected Status describe(String id) {
    DescribeStatementResponse d;
    try {
      d = api.describeStatement(b -> b.id(id));
    } catch (SdkException e) {
      throw RedshiftErrors.api("DescribeStatement", id, e);
    }
    State state = d.status() == null ? State.QUEUED : switch (d.status()) {
      case SUBMITTED, PICKED -> State.QUEUED;
      case STARTED -> State.RUNNING;
      case FINISHED -> State.SUCCEEDED;
      case FAILED -> State.FAILED;
      case ABORTED -> State.CANCELLED;
      default -> State.RUNNING;
    };
    Duration took = d.duration() == null || d.duration() < 0 ? Duration.ZERO : Duration.ofNanos(d.duration());
    QueryStats.Builder stats = QueryStats.builder(RedshiftErrors.ENGINE).queryId(id).executionTime(took);
    if (state == State.SUCCEEDED && workgroup != null) {
      stats.estimatedCostUsd(cost.cost(took));
    }
    if (state == State.FAILED) {
      return new Status(state, RedshiftErrors.failed(id, d.error()), stats.build(), false);
    }
    return new Status(state, null, stats.build(), Boolean.TRUE.equals(d.hasResultSet()));
  }

  @Override
  protected void stop(String id) {
    try {
      api.cancelStatement(b -> b.id(id));
    } catch (SdkException e) {
      throw RedshiftErrors.api("CancelStatement", id, e);
    }
  }

  @Override
  protected Pages pages(String id, Status status, Query query) {
    return new Pages() {
      private String token;
      private boolean first = true;
      private List<Column> columns;

      @Override
      public Page next() {
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
            throw new QueryFailedException("Redshift returned " + rec.size() + " fields for "
                + columns.size() + " columns in statement " + id, RedshiftErrors.ENGINE,
                ErrorCategory.INTERNAL, id, null);
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
  protected void closeResources() {
    if (ownsApi) {
      api.close();
    }
  }

  @Override
  public String toString() {
    return "RedshiftDataApiClient{" + (workgroup != null ? "workgroup=" + workgroup : "cluster=" + cluster)
        + ", database=" + database + (dbUser != null ? ", dbUser=" + dbUser : "")
        + (secretArn != null ? ", secretArn=(set)" : "") + "}";
  }

  /** Builds a {@link RedshiftDataApiClient}; not thread-safe. */
  public static final class Builder extends PollingDatabaseClient.Settings<Builder> {
    private RedshiftDataClient api;
    private String region;
    private URI endpoint;
    private String database;
    private String workgroup;
    private String cluster;
    private String dbUser;
    private String secretArn;
    private int baseRpu = RedshiftServerlessCost.DEFAULT_BASE_RPU;
    private BigDecimal pricePerRpuHour = RedshiftServerlessCost.DEFAULT_PRICE_PER_RPU_HOUR;

    private Builder() {
      super(20);
    }

    /** Uses a caller-built Data API client, which the Runway client will not close. */
    public Builder client(RedshiftDataClient client) {
      this.api = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the region of a client built here (default: the SDK's region chain). */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** Overrides the endpoint of a client built here (default: the SDK's, incl. AWS_ENDPOINT_URL_REDSHIFT_DATA). */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Sets the database name; required. */
    public Builder database(String database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /** Targets a Redshift Serverless workgroup as the caller's IAM identity. */
    public Builder workgroup(String workgroup) {
      return workgroup(workgroup, null);
    }

    /** Targets a Redshift Serverless workgroup with the secret at {@code secretArn} (or IAM when null). */
    public Builder workgroup(String workgroup, String secretArn) {
      this.workgroup = Objects.requireNonNull(workgroup, "workgroup");
      this.secretArn = secretArn;
      return this;
    }

    /**
     * Targets a provisioned cluster as {@code dbUser} (temporary credentials) or with the
     * secret at {@code secretArn}; exactly one of the two.
     */
    public Builder cluster(String clusterIdentifier, String dbUser, String secretArn) {
      this.cluster = Objects.requireNonNull(clusterIdentifier, "clusterIdentifier");
      if ((dbUser == null) == (secretArn == null)) {
        throw new IllegalArgumentException("a provisioned cluster needs exactly one of a database user "
            + "(temporary credentials) or a Secrets Manager secret ARN");
      }
      this.dbUser = dbUser;
      this.secretArn = secretArn;
      return this;
    }





    /** Sets the Serverless base capacity and price per RPU-hour for cost estimates. */
    public Builder serverlessPricing(int baseRpu, BigDecimal pricePerRpuHour) {
      new RedshiftServerlessCost(baseRpu, pricePerRpuHour);
      this.baseRpu = baseRpu;
      this.pricePerRpuHour = pricePerRpuHour;
      return this;
    }

    /**
     * Returns the client; builds a Data API client if none was given.
     *
     * @throws IllegalStateException if the database or the target (workgroup or cluster) is missing
     */
    public RedshiftDataApiClient build() {
      if (database == null) {
        throw new IllegalStateException("set the database name");
      }
      if ((workgroup == null) == (cluster == null)) {
        throw new IllegalStateException("set exactly one of a Serverless workgroup or a provisioned cluster");
      }
      RedshiftDataClient c = api;
      if (c == null) {
        RedshiftDataClientBuilder b = RedshiftDataClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        if (region != null) {
          b.region(Region.of(region));
        }
        if (endpoint != null) {
          b.endpointOverride(endpoint);
        }
        c = b.build();
      }
      return new RedshiftDataApiClient(this, c);
    }
  }
}
