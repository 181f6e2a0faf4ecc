package dev.runway.session.dynamo;

import dev.runway.core.coordination.Coordination;
import dev.runway.core.spi.ConfigKeys;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.CoordinationFactory;
import dev.runway.core.spi.FactoryContext;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * {@code coordination.type: dynamodb}: shared limits and facts in one DynamoDB table. Region,
 * endpoint and profile not given here are those of {@code sessions.dynamodb} (the DynamoDB the
 * application already uses), then the AWS SDK's own chains.
 */
public final class DynamoCoordinationFactory implements CoordinationFactory {

  /** The keys of {@code coordination.dynamodb}. */
  static final ConfigKeys<Object> KEYS =
      ConfigKeys.builder()
          .string(
              "table",
              "runway-coordination",
              "The coordination table (partition key pk, TTL on ttl).",
              null)
          .string(
              "region",
              null,
              "AWS region; default sessions.dynamodb.region, then the SDK's chain.",
              null)
          .uri(
              "endpoint",
              null,
              "Endpoint override; default sessions.dynamodb.endpoint, then AWS_ENDPOINT_URL_DYNAMODB.",
              null)
          .string(
              "profile",
              null,
              "A named AWS profile; default sessions.dynamodb.profile, then the default chain.",
              null)
          .bool(
              "create-table",
              "false",
              "Create the table and its TTL at start if missing; several instances may "
                  + "do it at once.",
              null)
          .build();

  @Override
  public String type() {
    return "dynamodb";
  }

  @Override
  public ConfigKeys<?> configKeys() {
    return KEYS;
  }

  @Override
  public Supplier<Coordination> configure(ConfigSection s, FactoryContext context) {
    ConfigSection sessions = context.root().section("sessions").section("dynamodb");
    String table = s.string("table").orElse("runway-coordination");
    Optional<String> region = s.string("region").or(() -> sessions.string("region"));
    Optional<URI> endpoint = s.has("endpoint") ? s.uri("endpoint") : sessions.uri("endpoint");
    ConfigSection profileFrom = s.has("profile") ? s : sessions;
    var credentials = DynamoSessionStoreFactory.profile(profileFrom);
    boolean create = s.bool("create-table").orElse(false);
    return () -> {
      DynamoDbClientBuilder b =
          DynamoDbClient.builder()
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              // a failed call degrades at once (DegradingCoordination); no SDK retries in between
              .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)));
      credentials.ifPresent(b::credentialsProvider);
      region.ifPresent(r -> b.region(Region.of(r)));
      endpoint.ifPresent(b::endpointOverride);
      DynamoDbClient client = b.build();
      try {
        if (create) {
          DynamoCoordination.createTable(client, table);
        }
        return DynamoCoordination.owning(client, table, context.clock());
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
    };
  }
}
