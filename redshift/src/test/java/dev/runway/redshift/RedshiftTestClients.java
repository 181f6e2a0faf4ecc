package dev.runway.redshift;

import dev.runway.testkit.aws.RedshiftDataFixture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;

/** A real Redshift Data API client pointed at the protocol fixture. */
final class RedshiftTestClients {

  private RedshiftTestClients() {}

  static RedshiftDataClient dataApi(RedshiftDataFixture fixture, boolean sdkRetries) {
    return RedshiftDataClient.builder()
        .endpointOverride(fixture.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("fixture", "fixture")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(sdkRetries ? 3 : 1)))
        .build();
  }
}
