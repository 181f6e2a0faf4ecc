package dev.runway.athena;

import dev.runway.testkit.aws.AthenaFixture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Real AWS SDK clients pointed at the protocol fixture. */
final class AthenaTestClients {

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("fixture", "fixture"));

  private AthenaTestClients() {}

  /** An Athena client on the fixture; {@code sdkRetries} false turns off the SDK's own retries. */
  static AthenaClient athena(AthenaFixture fixture, boolean sdkRetries) {
    return AthenaClient.builder()
        .endpointOverride(fixture.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(sdkRetries ? 3 : 1)))
        .build();
  }

  /** An S3 client on the fixture's S3 endpoint (path style). */
  static S3Client s3(AthenaFixture fixture) {
    return S3Client.builder()
        .endpointOverride(fixture.endpoint())
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }
}
