package dev.runway.athena;

import dev.runway.core.cost.ScanBudgetDatabaseClient;
import dev.runway.core.engine.PollingSettings;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.spi.ConfigKeys;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.DatabaseClientFactory;
import dev.runway.core.spi.FactoryContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * {@code database.type: athena}. Keys of {@code database.athena}: {@code region}, {@code endpoint},
 * {@code s3-endpoint}, {@code database}, {@code catalog}, {@code workgroup}, {@code
 * output-location}, {@code encryption}, {@code kms-key}, {@code result-reuse-max-age}, {@code
 * poll-initial}, {@code poll-max}, {@code poll-multiplier}, {@code status-calls-per-second}, {@code
 * max-concurrent-queries}, {@code max-throttle-wait}, {@code result-fetch} ({@code api}, {@code
 * s3}, {@code auto}), {@code page-size}, {@code price-per-tb}, {@code scan-budget} (a size) and
 * {@code scan-budget-explain}. Credentials come from the AWS SDK's default chain.
 */
public final class AthenaDatabaseClientFactory implements DatabaseClientFactory {

  @Override
  public String type() {
    return "athena";
  }

  /** The keys of {@code database.athena}. */
  static final ConfigKeys<Object> KEYS =
      ConfigKeys.builder()
          .string(
              "profile",
              null,
              "A named AWS profile instead of the default credentials chain (checked at start).",
              null)
          .string("region", null, "AWS region; default the SDK's region chain.", null)
          .uri(
              "endpoint",
              null,
              "Endpoint override (a local fixture, VPC endpoint or proxy); AWS_ENDPOINT_URL_ATHENA "
                  + "works too.",
              null)
          .uri("s3-endpoint", null, "S3 endpoint override for reading result files.", null)
          .string("database", null, "The Glue database queries run in.", null)
          .string("catalog", "AwsDataCatalog", "The data catalog.", null)
          .string("workgroup", "primary", "The Athena workgroup.", null)
          .string(
              "output-location",
              null,
              "s3:// prefix for result files; default the workgroup's.",
              null)
          .choice(
              "encryption",
              List.of("SSE_S3", "SSE_KMS", "CSE_KMS"),
              null,
              "Encryption of result files; " + "kms-key names the key for the KMS options.",
              null)
          .string("kms-key", null, "KMS key ARN for SSE_KMS and CSE_KMS result encryption.", null)
          .duration(
              "result-reuse-max-age",
              null,
              "Let Athena reuse a result of the same query up to this old; " + "absent = off.",
              null)
          .include(PollingSettings.configKeys("Athena", "GetQueryExecution", 50))
          .choice(
              "result-fetch",
              List.of("api", "s3", "auto"),
              "auto",
              "How results are read: GetQueryResults "
                  + "pages, the result file on S3 in byte ranges, or S3 for large results.",
              null)
          .integer("page-size", "1000", "Rows per GetQueryResults call, 1 to 1000.", null)
          .size(
              "s3-range-size",
              "8MB",
              "Result files are read from S3 in byte ranges of this size.",
              null)
          .integer(
              "s3-parallel-gets",
              "4",
              "Byte ranges of a result file fetched ahead at once; the reader holds "
                  + "at most this many plus one in memory.",
              null)
          .string("price-per-tb", "5.00", "Price per TB scanned in USD, for cost estimates.", null)
          .size(
              "scan-budget",
              null,
              "Refuse queries that scanned (or, with scan-budget-explain, are estimated "
                  + "at) more than this.",
              null)
          .bool(
              "scan-budget-explain",
              "false",
              "Estimate a query's scan with EXPLAIN before running it, for " + "scan-budget.",
              null)
          .build();

  @Override
  public ConfigKeys<?> configKeys() {
    return KEYS;
  }

  @Override
  public Supplier<DatabaseClient> configure(ConfigSection s, FactoryContext context) {
    AthenaDatabaseClient.Builder b = AthenaDatabaseClient.builder();
    String key = null;
    Optional<Long> budget;
    boolean explain;
    try {
      key = "region";
      s.string("region").ifPresent(b::region);
      profile(s).ifPresent(b::credentialsProvider);
      key = "endpoint";
      s.uri("endpoint").ifPresent(b::endpoint);
      key = "s3-endpoint";
      s.uri("s3-endpoint").ifPresent(b::s3Endpoint);
      key = "database";
      s.string("database").ifPresent(b::database);
      key = "catalog";
      s.string("catalog").ifPresent(b::catalog);
      key = "workgroup";
      s.string("workgroup").ifPresent(b::workgroup);
      key = "output-location";
      s.string("output-location").ifPresent(b::outputLocation);
      key = "encryption";
      if (s.has("encryption")) {
        b.encryption(s.requireString("encryption"), s.string("kms-key").orElse(null));
      }
      key = "result-reuse-max-age";
      s.duration("result-reuse-max-age").ifPresent(b::resultReuse);
      key = "poll-initial/poll-max/poll-multiplier";
      b.configure(s);
      key = "result-fetch";
      s.choice("result-fetch", List.of("api", "s3", "auto"))
          .ifPresent(
              v ->
                  b.resultFetch(
                      AthenaDatabaseClient.ResultFetch.valueOf(v.toUpperCase(Locale.ROOT))));
      key = "page-size";
      s.integer("page-size").ifPresent(b::pageSize);
      key = "s3-range-size";
      if (s.has("s3-range-size") || s.has("s3-parallel-gets")) {
        long range = s.bytes("s3-range-size").orElse(8L << 20);
        key = "s3-parallel-gets";
        int parallel = s.integer("s3-parallel-gets").orElse(4);
        key = s.has("s3-range-size") ? "s3-range-size" : "s3-parallel-gets";
        b.s3RangedGets(range, parallel);
      }
      key = "scan-budget";
      budget = s.bytes("scan-budget");
      if (budget.isPresent() && budget.get() <= 0) {
        throw new IllegalArgumentException("scan budget must be > 0 bytes, got " + budget.get());
      }
      key = "scan-budget-explain";
      explain = s.bool("scan-budget-explain").orElse(false);
      key = "price-per-tb";
      s.string("price-per-tb").ifPresent(v -> b.pricePerTb(new BigDecimal(v)));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(s.keyOf(key), String.valueOf(e.getMessage()), null);
    }
    // the account's quotas, shared by every instance through the application's coordination
    var quota = PollingSettings.accountQuota(s, "athena:" + s.string("region").orElse("default"));
    if (budget.isEmpty()) {
      return () -> {
        quota.ifPresent(q -> b.accountQuota(q.apply(context.coordination())));
        return b.build();
      };
    }
    long bytes = budget.get();
    return () -> {
      quota.ifPresent(q -> b.accountQuota(q.apply(context.coordination())));
      AthenaDatabaseClient athena = b.build();
      ScanBudgetDatabaseClient.Builder guarded =
          ScanBudgetDatabaseClient.builder(athena).budgetBytes(bytes);
      if (explain) {
        guarded.estimator(athena.scanEstimator());
      }
      return guarded.build();
    };
  }

  /**
   * Returns the credentials of {@code profile} in the shared AWS config and credentials files,
   * checked now: a profile that is not there fails at start naming the key, not at the first call.
   */
  static Optional<AwsCredentialsProvider> profile(ConfigSection s) {
    Optional<String> name = s.string("profile");
    if (name.isEmpty()) {
      return Optional.empty();
    }
    if (ProfileFile.defaultProfileFile().profile(name.get()).isEmpty()) {
      throw new ConfigurationException(
          s.keyOf("profile"),
          "no profile '"
              + name.get()
              + "' in the AWS "
              + "config or credentials file (~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE / "
              + "AWS_SHARED_CREDENTIALS_FILE); add it or remove the key to use the default chain",
          null);
    }
    return Optional.of(ProfileCredentialsProvider.create(name.get()));
  }
}
