package dev.runway.testkit;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local (from Maven Central) running in this JVM on a free port, in memory, reached
 * through the real AWS SDK client over HTTP.
 *
 * <p>Its dependencies are optional in this artifact: a test that uses it adds
 * {@code com.amazonaws:DynamoDBLocal} and {@code software.amazon.awssdk:url-connection-client},
 * and points the system property {@code sqlite4java.library.path} at a directory holding
 * {@code libsqlite4java-linux-amd64.so} (see how {@code runway-session-dynamo}'s POM copies it).
 */
public final class DynamoDbLocal implements AutoCloseable {

  private final DynamoDBProxyServer server;
  private final int port;
  private final DynamoDbClient client;

  private DynamoDbLocal(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
    this.client = DynamoDbClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /** Starts DynamoDB Local; skips the test (fails in CI) if its native library is missing. */
  public static DynamoDbLocal start() {
    String lib = System.getProperty("sqlite4java.library.path");
    if (lib == null || !Files.exists(Path.of(lib, "libsqlite4java-linux-amd64.so"))) {
      ServerFixtures.unavailable("DynamoDB Local's native SQLite library is not at sqlite4java.library.path ("
          + lib + "); run the tests through Maven, which copies it there");
    }
    int port = ServerFixtures.freePort();
    try {
      DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
          new String[] {"-inMemory", "-port", String.valueOf(port)});
      server.start();
      return new DynamoDbLocal(server, port);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start DynamoDB Local on port " + port, e);
    }
  }

  /** Returns {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Returns a client for it (closed by {@link #close()}). */
  public DynamoDbClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop DynamoDB Local", e);
    }
  }
}
