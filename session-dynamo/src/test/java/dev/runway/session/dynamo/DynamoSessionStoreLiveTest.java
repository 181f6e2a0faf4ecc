package dev.runway.session.dynamo;

import dev.runway.core.session.SessionStore;
import dev.runway.testkit.MutableClock;
import dev.runway.testkit.SessionStoreContract;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The session contract against a real DynamoDB API: LocalStack in Docker when a Docker engine is
 * available, or real AWS when {@code RUNWAY_LIVE_DYNAMODB=true} (credentials and region from the
 * SDK's chains; the tables it creates are named {@code runway-live-*} and deleted afterwards).
 * Otherwise skipped, with the reason printed.
 */
class DynamoSessionStoreLiveTest extends SessionStoreContract {

  private static LocalStackContainer localstack;
  private static DynamoDbClient client;
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static int tables;

  @BeforeAll
  static void connect() {
    if ("true".equals(System.getenv("RUNWAY_LIVE_DYNAMODB"))) {
      client =
          DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
      return;
    }
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    if (!docker) {
      String reason =
          "SKIPPED live DynamoDB tests: no Docker engine for LocalStack and RUNWAY_LIVE_DYNAMODB is not "
              + "true (set it, with AWS credentials and region, to run them against real DynamoDB)";
      System.err.println(reason);
      Assumptions.abort(reason);
    }
    localstack =
        new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"))
            .withServices(LocalStackContainer.Service.DYNAMODB);
    localstack.start();
    client =
        DynamoDbClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(URI.create(localstack.getEndpoint().toString()))
            .region(Region.of(localstack.getRegion()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        localstack.getAccessKey(), localstack.getSecretKey())))
            .build();
  }

  @AfterAll
  static void disconnect() {
    if (client != null) {
      for (int i = 1; i <= tables; i++) {
        for (String t :
            new String[] {"runway-live-" + RUN + "-s" + i, "runway-live-" + RUN + "-h" + i}) {
          try {
            client.deleteTable(d -> d.tableName(t));
          } catch (RuntimeException ignored) {
            // already gone
          }
        }
      }
      client.close();
    }
    if (localstack != null) {
      localstack.stop();
    }
  }

  @Override
  protected boolean runConcurrencyTest() {
    return localstack != null; // 2,000 conditional writes cost money on real AWS
  }

  @Override
  protected SessionStore createStore(MutableClock clock, Duration ttl) {
    int n = ++tables;
    return DynamoSessionStore.builder()
        .client(client)
        .table("runway-live-" + RUN + "-s" + n)
        .historyTable("runway-live-" + RUN + "-h" + n)
        .ttl(ttl)
        .touchInterval(Duration.ZERO)
        .clock(clock)
        .createTables(true, false)
        .build();
  }
}
