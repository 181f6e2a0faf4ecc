package dev.runway.session.dynamo;

import dev.runway.core.error.ConfigurationException;
import dev.runway.core.session.SessionStore;
import dev.runway.core.spi.ConfigKeys;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.FactoryContext;
import dev.runway.core.spi.SessionStoreFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * {@code sessions.type: dynamodb}. Keys of {@code sessions.dynamodb}: {@code table}, {@code
 * history-table}, {@code user-index}, {@code region}, {@code endpoint} (e.g. DynamoDB Local),
 * {@code touch-interval}, {@code create-tables}. The session TTL is {@code sessions.ttl}.
 * Credentials and, when not set here, region and endpoint come from the AWS SDK's own chains
 * ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_DYNAMODB}, profiles, instance roles).
 */
public final class DynamoSessionStoreFactory implements SessionStoreFactory {

  @Override
  public String type() {
    return "dynamodb";
  }

  /** The keys of {@code sessions.dynamodb}; the simple ones apply straight to the builder. */
  static final ConfigKeys<DynamoSessionStore.Builder> KEYS =
      ConfigKeys.<DynamoSessionStore.Builder>builder()
          .string(
              "table", "runway-sessions", "The sessions table.", DynamoSessionStore.Builder::table)
          .string(
              "history-table",
              "runway-conversations",
              "The conversation-history table.",
              DynamoSessionStore.Builder::historyTable)
          .string(
              "user-index",
              DynamoSessionTables.USER_INDEX,
              "The sessions table's global secondary index by "
                  + "user, for deleting all of a user's sessions.",
              DynamoSessionStore.Builder::userIndex)
          .string(
              "profile",
              null,
              "A named AWS profile instead of the default credentials chain (checked at start).",
              null)
          .string(
              "region",
              null,
              "AWS region; default the SDK's region chain.",
              DynamoSessionStore.Builder::region)
          .uri(
              "endpoint",
              null,
              "Endpoint override (a local emulator, VPC endpoint or proxy); "
                  + "AWS_ENDPOINT_URL_DYNAMODB works too.",
              DynamoSessionStore.Builder::endpoint)
          .duration(
              "touch-interval",
              "1m",
              "Sliding expiry writes at most once per interval per session.",
              DynamoSessionStore.Builder::touchInterval)
          .bool(
              "create-tables",
              "false",
              "Create the tables (and their TTL) at start if they are missing.",
              null)
          .build();

  @Override
  public ConfigKeys<?> configKeys() {
    return KEYS;
  }

  @Override
  public Supplier<SessionStore> configure(ConfigSection s, FactoryContext context) {
    DynamoSessionStore.Builder b = DynamoSessionStore.builder();
    // each value through the builder now: a refusal names the full key, before anything is created
    KEYS.apply(s, b);
    profile(s).ifPresent(b::credentialsProvider);
    boolean create = s.bool("create-tables").orElse(false);
    s.apply("create-tables", () -> b.createTables(create, true));
    Duration ttl = context.component().positiveDuration("ttl", Duration.ofHours(1));
    context.component().apply("ttl", () -> b.ttl(ttl));
    b.clock(context.clock());
    return b::build;
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
