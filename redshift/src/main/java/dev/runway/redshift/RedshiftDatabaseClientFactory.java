package dev.runway.redshift;

import dev.runway.core.engine.PollingSettings;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.spi.ConfigKeys;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.DatabaseClientFactory;
import dev.runway.core.spi.FactoryContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * {@code database.type: redshift}. {@code mode: data-api} (default) reads {@code region}, {@code
 * endpoint}, {@code database}, {@code workgroup} or {@code cluster-identifier} with {@code db-user}
 * or {@code secret-arn}, {@code poll-initial}, {@code poll-max}, {@code poll-multiplier}, {@code
 * status-calls-per-second}, {@code max-concurrent-queries}, {@code max-throttle-wait}, {@code
 * base-rpu}, {@code price-per-rpu-hour}. {@code mode: jdbc} reads {@code url}, {@code user}, {@code
 * password}, {@code fetch-size}.
 */
public final class RedshiftDatabaseClientFactory implements DatabaseClientFactory {

  /** The keys of {@code database.redshift}, both modes. */
  static final ConfigKeys<Object> KEYS =
      ConfigKeys.builder()
          .choice(
              "mode",
              List.of("data-api", "jdbc"),
              "data-api",
              "How Runway talks to Redshift: the Redshift Data "
                  + "API (Serverless or provisioned) or JDBC (the Redshift or PostgreSQL driver).",
              null)
          .string(
              "profile",
              null,
              "Data API: a named AWS profile instead of the default credentials chain "
                  + "(checked at start).",
              null)
          .string("region", null, "Data API: AWS region; default the SDK's region chain.", null)
          .uri(
              "endpoint",
              null,
              "Data API: endpoint override (a local fixture, VPC endpoint or proxy); "
                  + "AWS_ENDPOINT_URL_REDSHIFT_DATA works too.",
              null)
          .string("database", null, "Data API: the database; required.", null)
          .string(
              "workgroup",
              null,
              "Data API: the Serverless workgroup (also accepted as workgroup-name); or "
                  + "cluster-identifier.",
              null)
          .string(
              "cluster-identifier",
              null,
              "Data API: a provisioned cluster, with db-user or secret-arn.",
              null)
          .string(
              "db-user",
              null,
              "Data API: database user for temporary credentials (provisioned cluster).",
              null)
          .string(
              "secret-arn",
              null,
              "Data API: Secrets Manager secret holding the database credentials.",
              null)
          .include(PollingSettings.configKeys("the Redshift Data API", "DescribeStatement", 20))
          .integer(
              "base-rpu",
              Integer.toString(RedshiftServerlessCost.DEFAULT_BASE_RPU),
              "Data API: the " + "workgroup's base capacity in RPUs, for cost estimates.",
              null)
          .string(
              "price-per-rpu-hour",
              RedshiftServerlessCost.DEFAULT_PRICE_PER_RPU_HOUR.toPlainString(),
              "Data API: Serverless price per RPU-hour in USD, for cost estimates.",
              null)
          .string("url", null, "JDBC mode: the JDBC URL; required.", null)
          .string("user", null, "JDBC mode: the user.", null)
          .secret(
              "password", "JDBC mode: the password. Give it as ${VARIABLE}; never printed.", null)
          .integer("fetch-size", null, "JDBC mode: rows fetched per round trip.", null)
          .build();

  private static final Set<String> JDBC_KEYS = Set.of("url", "user", "password", "fetch-size");
  private static final Set<String> DATA_API_KEYS = dataApiKeys();

  private static Set<String> dataApiKeys() {
    Set<String> keys = new TreeSet<>(KEYS.names());
    keys.removeAll(JDBC_KEYS);
    keys.remove("mode");
    return Set.copyOf(keys);
  }

  /** The seed's {@code config.yaml} names the Serverless workgroup {@code workgroup_name}. */
  @Override
  public Map<String, String> aliases() {
    return Map.of("workgroup-name", "workgroup");
  }

  @Override
  public String type() {
    return "redshift";
  }

  @Override
  public ConfigKeys<?> configKeys() {
    return KEYS;
  }

  @Override
  public Supplier<DatabaseClient> configure(ConfigSection s, FactoryContext context) {
    String mode = s.choice("mode", List.of("data-api", "jdbc")).orElse("data-api");
    Set<String> own = mode.equals("jdbc") ? JDBC_KEYS : DATA_API_KEYS;
    for (String k : s.keys()) {
      if (!k.equals("mode") && !own.contains(k)) {
        throw new ConfigurationException(
            s.keyOf(k),
            "is not used in mode "
                + mode
                + "; the keys of mode "
                + mode
                + " are "
                + new TreeSet<>(own),
            null);
      }
    }
    return mode.equals("jdbc") ? jdbc(s) : dataApi(s, context);
  }

  private static Supplier<DatabaseClient> jdbc(ConfigSection s) {
    RedshiftClients.JdbcBuilder b = RedshiftClients.jdbc();
    String key = "url";
    try {
      b.url(s.requireString("url"));
      key = "user";
      s.string("user").ifPresent(b::user);
      key = "password";
      s.string("password").ifPresent(b::password);
      key = "fetch-size";
      s.integer("fetch-size").ifPresent(b::fetchSize);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(s.keyOf(key), String.valueOf(e.getMessage()), null);
    }
    return b::build;
  }

  private static Supplier<DatabaseClient> dataApi(ConfigSection s, FactoryContext context) {
    RedshiftDataApiClient.Builder b = RedshiftClients.dataApi();
    String key = "database";
    try {
      b.database(s.requireString("database"));
      key = "region";
      s.string("region").ifPresent(b::region);
      profile(s).ifPresent(b::credentialsProvider);
      key = "endpoint";
      s.uri("endpoint").ifPresent(b::endpoint);
      key = "workgroup";
      boolean wg = s.has("workgroup");
      boolean cl = s.has("cluster-identifier");
      if (wg == cl) {
        throw new IllegalArgumentException(
            "set exactly one of workgroup (Serverless) or cluster-identifier " + "(provisioned)");
      }
      if (wg) {
        if (s.has("db-user")) {
          key = "db-user";
          throw new IllegalArgumentException(
              "a Serverless workgroup takes no db-user (the caller's IAM "
                  + "identity maps to a database user); remove it, or use secret-arn");
        }
        b.workgroup(s.requireString("workgroup"), s.string("secret-arn").orElse(null));
      } else {
        key = "cluster-identifier";
        b.cluster(
            s.requireString("cluster-identifier"),
            s.string("db-user").orElse(null),
            s.string("secret-arn").orElse(null));
      }
      key = "poll-initial/poll-max/poll-multiplier";
      b.configure(s);
      key = "base-rpu";
      b.serverlessPricing(
          s.integer("base-rpu").orElse(RedshiftServerlessCost.DEFAULT_BASE_RPU),
          s.string("price-per-rpu-hour")
              .map(BigDecimal::new)
              .orElse(RedshiftServerlessCost.DEFAULT_PRICE_PER_RPU_HOUR));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(s.keyOf(key), String.valueOf(e.getMessage()), null);
    }
    // the account's quotas, shared by every instance through the application's coordination
    var quota =
        PollingSettings.accountQuota(s, "redshift-data:" + s.string("region").orElse("default"));
    return () -> {
      quota.ifPresent(q -> b.accountQuota(q.apply(context.coordination())));
      return b.build();
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
