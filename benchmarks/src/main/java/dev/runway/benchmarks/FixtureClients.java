package dev.runway.benchmarks;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;

/** SDK clients for the protocol fixtures, built the same way by every benchmark. */
final class FixtureClients {

  private FixtureClients() {}

  /** An Athena client for the fixture at {@code endpoint}, on the URL-connection HTTP client. */
  static AthenaClient athena(URI endpoint) {
    return AthenaClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }
}
