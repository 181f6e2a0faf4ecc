package dev.runway.redshift;

import dev.runway.core.engine.PolledQueryRuntime;
import dev.runway.core.engine.PollingSettings;
import dev.runway.core.health.Health;
import dev.runway.core.internal.SetOnce;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.EngineMetrics;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.RowStream;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClientBuilder;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;

/**
 * A {@link DatabaseClient} on the Amazon Redshift Data API, for Redshift Serverless ({@link
 * Builder#workgroup}) and provisioned clusters ({@link Builder#cluster} with a database user or a
 * Secrets Manager secret).
 *
 * <p>Redshift takes {@code :name} placeholders as Runway does, so the SQL is sent as written and
 * each value as a named {@code SqlParameter} (text that Redshift converts to the type the statement
 * needs). The API cannot carry SQL NULL or the empty string as a parameter value (values need at
 * least one character), so those two are written into the statement as the constants {@code NULL}
 * and {@code ''}: no caller text is ever spliced. Completion is polled with back-off under a
 * client-wide rate limit for {@code DescribeStatement}; a timeout or cancellation calls {@code
 * CancelStatement}; results come from {@code GetStatementResult} pages, the next fetched while the
 * current one is read. {@link QueryStats} carries the duration, rows and, on Serverless, a cost
 * estimate ({@link RedshiftServerlessCost}).
 */
public final class RedshiftDataApiClient implements DatabaseClient {

  private final PolledQueryRuntime<DescribeStatementResponse> runtime;
  private final String database;
  private final @Nullable String workgroup;
  private final @Nullable String cluster;
  private final @Nullable String dbUser;
  private final @Nullable String secretArn;

  private final RedshiftDataApiEngine dataApi;

  private RedshiftDataApiClient(Builder b, RedshiftDataApiEngine engine) {
    this.runtime = new PolledQueryRuntime<>(engine, b);
    this.dataApi = engine;
    this.database = Objects.requireNonNull(b.database, "build() checks the database");
    this.workgroup = b.workgroup;
    this.cluster = b.cluster;
    this.dbUser = b.dbUser;
    this.secretArn = b.secretArn;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String engine() {
    return runtime.engine();
  }

  @Override
  public QueryResult execute(Query query) {
    return runtime.execute(query);
  }

  @Override
  public RowStream stream(Query query) {
    return runtime.stream(query);
  }

  @Override
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    return runtime.executeAsync(query);
  }

  @Override
  public boolean cancel(String queryId) {
    return runtime.cancel(queryId);
  }

  /**
   * Returns the statements running now, by Data API statement id (known as soon as the API accepted
   * the statement), so that another thread can {@link #cancel(String)} one.
   */
  public Map<String, Query> runningQueries() {
    return runtime.runningQueries();
  }

  /**
   * On Serverless, returns what the statements this client ran cost by the workgroup's billing
   * rules: the statements' estimates and the unused part of the 60-second minimums, which no
   * statement is charged (see {@link RedshiftServerlessCost}); empty on a provisioned cluster.
   */
  public Optional<RedshiftServerlessCost.Totals> serverlessCost() {
    return workgroup == null ? Optional.empty() : Optional.of(dataApi.serverlessCost());
  }

  /**
   * Returns the queries running and queued, and the {@code DescribeStatement} calls made so far.
   */
  @Override
  public Optional<EngineMetrics> engineMetrics() {
    return Optional.of(runtime.metrics());
  }

  /**
   * Reports whether the service answers and lets this client in, from a metadata call that runs no
   * query (cached for {@link PolledQueryRuntime#HEALTH_CACHE}). Never throws.
   */
  @Override
  public Health health() {
    return runtime.health();
  }

  @Override
  public void close() {
    runtime.close();
  }

  @Override
  public String toString() {
    return "RedshiftDataApiClient{"
        + (workgroup != null ? "workgroup=" + workgroup : "cluster=" + cluster)
        + ", database="
        + database
        + (dbUser != null ? ", dbUser=" + dbUser : "")
        + (secretArn != null ? ", secretArn=(set)" : "")
        + "}";
  }

  /** Builds a {@link RedshiftDataApiClient}; not thread-safe. */
  public static final class Builder extends PollingSettings<Builder> {
    private final SetOnce once;
    @Nullable AwsCredentialsProvider credentials;
    private @Nullable RedshiftDataClient api;
    private @Nullable String region;
    private @Nullable URI endpoint;
    @Nullable String database;
    @Nullable String workgroup;
    @Nullable String cluster;
    @Nullable String dbUser;
    @Nullable String secretArn;
    int baseRpu = RedshiftServerlessCost.DEFAULT_BASE_RPU;
    BigDecimal pricePerRpuHour = RedshiftServerlessCost.DEFAULT_PRICE_PER_RPU_HOUR;

    private Builder() {
      this(new SetOnce("RedshiftDataApiClient.Builder"));
    }

    private Builder(SetOnce once) {
      super(20, once);
      this.once = once;
    }

    /** Uses a caller-built Data API client, which the Runway client will not close. */
    public Builder client(RedshiftDataClient client) {
      once.check("client", client);
      this.api = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the credentials of the SDK clients built here (default: the SDK's default chain:
     * environment, system properties, profile, container and instance roles). A caller-built client
     * keeps its own.
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      once.check("credentialsProvider", credentials);
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** Sets the region of a client built here (default: the SDK's region chain). */
    public Builder region(String region) {
      once.check("region", region);
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Overrides the endpoint of a client built here (default: the SDK's, incl.
     * AWS_ENDPOINT_URL_REDSHIFT_DATA).
     */
    public Builder endpoint(URI endpoint) {
      once.check("endpoint", endpoint);
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Sets the database name; required. */
    public Builder database(String database) {
      once.check("database", database);
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /** Targets a Redshift Serverless workgroup as the caller's IAM identity. */
    public Builder workgroup(String workgroup) {
      return workgroup(workgroup, null);
    }

    /**
     * Targets a Redshift Serverless workgroup with the secret at {@code secretArn} (or IAM when
     * null).
     */
    public Builder workgroup(String workgroup, @Nullable String secretArn) {
      once.check("workgroup", String.valueOf(workgroup) + ", " + "***");
      this.workgroup = Objects.requireNonNull(workgroup, "workgroup");
      this.secretArn = secretArn;
      return this;
    }

    /**
     * Targets a provisioned cluster as {@code dbUser} (temporary credentials) or with the secret at
     * {@code secretArn}; exactly one of the two.
     */
    public Builder cluster(
        String clusterIdentifier, @Nullable String dbUser, @Nullable String secretArn) {
      once.check(
          "cluster",
          String.valueOf(clusterIdentifier) + ", " + String.valueOf(dbUser) + ", " + "***");
      this.cluster = Objects.requireNonNull(clusterIdentifier, "clusterIdentifier");
      if ((dbUser == null) == (secretArn == null)) {
        throw new IllegalArgumentException(
            "a provisioned cluster needs exactly one of a database user "
                + "(temporary credentials) or a Secrets Manager secret ARN");
      }
      this.dbUser = dbUser;
      this.secretArn = secretArn;
      return this;
    }

    /** Sets the Serverless base capacity and price per RPU-hour for cost estimates. */
    public Builder serverlessPricing(int baseRpu, BigDecimal pricePerRpuHour) {
      once.check(
          "serverlessPricing", String.valueOf(baseRpu) + ", " + String.valueOf(pricePerRpuHour));
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
        throw new IllegalStateException(
            "set exactly one of a Serverless workgroup or a provisioned cluster");
      }
      RedshiftDataClient c = api;
      if (c == null) {
        RedshiftDataClientBuilder b =
            RedshiftDataClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // one retry layer: Runway's (throttling, transient failures); the SDK's own is off
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)));
        if (credentials != null) {
          b.credentialsProvider(credentials);
        }
        if (region != null) {
          b.region(Region.of(region));
        }
        if (endpoint != null) {
          b.endpointOverride(endpoint);
        }
        c = b.build();
      }
      return new RedshiftDataApiClient(this, new RedshiftDataApiEngine(this, c, api == null));
    }
  }
}
