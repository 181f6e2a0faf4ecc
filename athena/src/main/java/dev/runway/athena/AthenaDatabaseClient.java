package dev.runway.athena;

import dev.runway.core.cost.ScanBudgetDatabaseClient;
import dev.runway.core.cost.ScanEstimator;
import dev.runway.core.engine.PolledQueryRuntime;
import dev.runway.core.engine.PollingPolicy;
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
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.AthenaClientBuilder;
import software.amazon.awssdk.services.athena.model.EncryptionOption;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A {@link dev.runway.core.query.DatabaseClient} on Amazon Athena.
 *
 * <p>Each query is a {@code StartQueryExecution} with a {@code ClientRequestToken} (a retried
 * submission never runs twice) and its parameters as {@code ExecutionParameters}: Runway's {@code
 * :name} placeholders become Athena's positional {@code ?} and each value is sent as one typed
 * literal that Athena parses on its own, so no value is ever spliced into the SQL text. Completion
 * is polled with back-off ({@link PollingPolicy}) under a client-wide rate limit for {@code
 * GetQueryExecution}; a cap on queries in flight and waiting out {@code TooManyRequestsException}
 * keep the account's concurrency quota from failing queries. A timeout or cancellation calls {@code
 * StopQueryExecution}.
 *
 * <p>Results are read from {@code GetQueryResults}, 1,000 rows a page, the next page fetched while
 * the current one is read; or, for results of more than one page, straight from the result CSV in
 * S3 ({@link ResultFetch}), which needs an {@link S3Client} and {@code s3:GetObject} on the output
 * location. {@link QueryStats} carries queue, planning and engine time, bytes scanned, and the cost
 * ({@link AthenaCost}); a result Athena reused from an earlier run is reported as {@code fromCache}
 * with no cost.
 *
 * <p>A per-query scan budget is a decorator over this client: {@link ScanBudgetDatabaseClient} with
 * {@link #scanEstimator()} to refuse a query that EXPLAIN (TYPE IO) estimates over budget.
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
public final class AthenaDatabaseClient implements DatabaseClient {

  /** Where results are read from. */
  public enum ResultFetch {
    /** {@code GetQueryResults}, 1,000 rows a call; needs no S3 permissions. */
    API,
    /** The result CSV from S3, streamed; much faster for large results. */
    S3,
    /**
     * The first page from the API; a result of more pages continues from S3 when an S3 client is
     * available.
     */
    AUTO
  }

  private final PolledQueryRuntime<QueryExecution> runtime;
  private final @Nullable String workgroup;
  private final @Nullable String database;
  private final @Nullable String outputLocation;
  private final ResultFetch resultFetch;

  private AthenaDatabaseClient(Builder b, AthenaEngine engine) {
    this.runtime = new PolledQueryRuntime<>(engine, b);
    this.workgroup = b.workgroup;
    this.database = b.database;
    this.outputLocation = b.outputLocation;
    this.resultFetch = b.resultFetch;
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
   * Returns the queries running now, by Athena query execution id (known as soon as Athena accepted
   * the query), so that another thread can {@link #cancel(String)} one.
   */
  public Map<String, Query> runningQueries() {
    return runtime.runningQueries();
  }

  /**
   * Returns the queries running and queued, and the {@code GetQueryExecution} calls made so far.
   */
  @Override
  public Optional<EngineMetrics> engineMetrics() {
    return Optional.of(runtime.metrics());
  }

  /**
   * Returns an estimator of the bytes a query will scan, from Athena's {@code EXPLAIN (TYPE IO,
   * FORMAT JSON)} run on this client (one extra query per estimate; tables without statistics give
   * no estimate), for {@link ScanBudgetDatabaseClient}.
   */
  public ScanEstimator scanEstimator() {
    return new AthenaScanEstimator(this);
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
    return "AthenaDatabaseClient{workgroup="
        + workgroup
        + ", database="
        + database
        + ", output="
        + outputLocation
        + ", fetch="
        + resultFetch
        + "}";
  }

  /** Builds an {@link AthenaDatabaseClient}; not thread-safe. */
  public static final class Builder extends PollingSettings<Builder> {
    private final SetOnce once;
    @Nullable AwsCredentialsProvider credentials;
    @Nullable AthenaClient athena;
    @Nullable S3Client s3;
    @Nullable String region;
    @Nullable URI endpoint;
    @Nullable URI s3Endpoint;
    @Nullable String database;
    @Nullable String catalog;
    @Nullable String workgroup;
    @Nullable String outputLocation;
    @Nullable EncryptionOption encryptionOption;
    @Nullable String kmsKey;
    @Nullable Duration resultReuseMaxAge;
    ResultFetch resultFetch = ResultFetch.AUTO;
    int pageSize = 1000;
    long s3RangeSize = 8L << 20;
    int s3Parallelism = 4;
    BigDecimal pricePerTb = AthenaCost.DEFAULT_PRICE_PER_TB;

    private Builder() {
      this(new SetOnce("AthenaDatabaseClient.Builder"));
    }

    private Builder(SetOnce once) {
      super(50, once);
      this.once = once;
    }

    /** Uses a caller-built Athena client, which the Runway client will not close. */
    public Builder athenaClient(AthenaClient client) {
      once.check("athenaClient", client);
      this.athena = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Uses a caller-built S3 client for the S3 result path, which the Runway client will not close.
     */
    public Builder s3Client(S3Client client) {
      once.check("s3Client", client);
      this.s3 = Objects.requireNonNull(client, "client");
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

    /** Sets the region of clients built here (default: the SDK's region chain). */
    public Builder region(String region) {
      once.check("region", region);
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Overrides the Athena endpoint of a client built here (default: the SDK's, incl.
     * AWS_ENDPOINT_URL_ATHENA).
     */
    public Builder endpoint(URI endpoint) {
      once.check("endpoint", endpoint);
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /**
     * Overrides the S3 endpoint of a client built here, with path-style addressing (for local S3).
     */
    public Builder s3Endpoint(URI endpoint) {
      once.check("s3Endpoint", endpoint);
      this.s3Endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Sets the database (Glue database) queries run in. */
    public Builder database(String database) {
      once.check("database", database);
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /** Sets the data catalog (default: Athena's, {@code AwsDataCatalog}). */
    public Builder catalog(String catalog) {
      once.check("catalog", catalog);
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** Sets the workgroup (default: {@code primary}). */
    public Builder workgroup(String workgroup) {
      once.check("workgroup", workgroup);
      this.workgroup = Objects.requireNonNull(workgroup, "workgroup");
      return this;
    }

    /** Sets the S3 location results are written to (default: the workgroup's). */
    public Builder outputLocation(String location) {
      once.check("outputLocation", location);
      Objects.requireNonNull(location, "location");
      if (!location.startsWith("s3://")) {
        throw new IllegalArgumentException("output location must be an s3:// URI, got " + location);
      }
      this.outputLocation = location;
      return this;
    }

    /**
     * Encrypts results with {@code option} ({@code SSE_S3}, {@code SSE_KMS}, {@code CSE_KMS}); the
     * key for KMS.
     */
    public Builder encryption(String option, @Nullable String kmsKey) {
      once.check("encryption", String.valueOf(option) + ", " + String.valueOf(kmsKey));
      EncryptionOption o =
          EncryptionOption.fromValue(
              Objects.requireNonNull(option, "option").toUpperCase(Locale.ROOT));
      if (o == EncryptionOption.UNKNOWN_TO_SDK_VERSION) {
        throw new IllegalArgumentException(
            "encryption must be SSE_S3, SSE_KMS or CSE_KMS, got " + option);
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
      once.check("resultReuse", maxAge);
      if (maxAge.toMinutes() < 1 || maxAge.toDays() > 7) {
        throw new IllegalArgumentException(
            "result reuse max age must be between 1 minute and 7 days, got " + maxAge);
      }
      this.resultReuseMaxAge = maxAge;
      return this;
    }

    /** Chooses where results are read from (default {@link ResultFetch#AUTO}). */
    public Builder resultFetch(ResultFetch fetch) {
      once.check("resultFetch", fetch);
      this.resultFetch = Objects.requireNonNull(fetch, "fetch");
      return this;
    }

    /** Sets the rows per GetQueryResults call, 1 to 1,000 (default 1,000). */
    public Builder pageSize(int rows) {
      once.check("pageSize", rows);
      if (rows < 1 || rows > 1000) {
        throw new IllegalArgumentException("page size must be between 1 and 1000, got " + rows);
      }
      this.pageSize = rows;
      return this;
    }

    /**
     * Sets how result files are read from S3: in byte ranges of {@code rangeBytes} (default 8 MiB),
     * up to {@code parallel} of them fetched ahead at once (default 4). The reader holds at most
     * {@code parallel + 1} ranges in memory whatever the result's size; a result no larger than one
     * range costs one GET.
     */
    public Builder s3RangedGets(long rangeBytes, int parallel) {
      once.check("s3RangedGets", rangeBytes);
      if (rangeBytes < 1024 || parallel < 1 || parallel > 64) {
        throw new IllegalArgumentException(
            "ranges must be >= 1 KiB and parallel gets 1..64, got "
                + rangeBytes
                + " and "
                + parallel);
      }
      this.s3RangeSize = rangeBytes;
      this.s3Parallelism = parallel;
      return this;
    }

    /** Sets the price per terabyte scanned in US dollars (default 5.00). */
    public Builder pricePerTb(BigDecimal price) {
      once.check("pricePerTb", price);
      new AthenaCost(price);
      this.pricePerTb = price;
      return this;
    }

    /** Returns the client; builds the SDK clients it needs and no others. */
    public AthenaDatabaseClient build() {
      AthenaClient a = athena;
      if (a == null) {
        AthenaClientBuilder b =
            AthenaClient.builder()
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
        a = b.build();
      }
      S3Client given = s3;
      Supplier<S3Client> s = given == null ? null : () -> given;
      if (given == null && resultFetch != ResultFetch.API && athena == null) {
        // built on the first result read from S3, not here: a cold start (a Lambda function's
        // init) builds no S3 client, and one whose results all fit the API's pages never does
        s = this::s3Client;
      }
      return new AthenaDatabaseClient(
          this, new AthenaEngine(this, a, athena == null, s, given == null && s != null));
    }

    private S3Client s3Client() {
      S3ClientBuilder b =
          S3Client.builder()
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              // one retry layer: Runway's (throttling, transient failures); the SDK's own is off
              .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)));
      if (credentials != null) {
        b.credentialsProvider(credentials);
      }
      if (region != null) {
        b.region(Region.of(region));
      }
      if (s3Endpoint != null) {
        b.endpointOverride(s3Endpoint).forcePathStyle(true);
      }
      return b.build();
    }
  }
}
