package dev.runway.examples.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.athena.AthenaDatabaseClient;
import dev.runway.core.Runway;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.micrometer.RunwayMetrics;
import dev.runway.micrometer.RunwayObservations;
import dev.runway.redshift.RedshiftClients;
import dev.runway.testkit.aws.AthenaFixture;
import dev.runway.testkit.aws.RedshiftDataFixture;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;

/**
 * Every alarm input on a Runway metric names a metric and dimensions that Runway really publishes:
 * real queries run through Runway on the Athena and Redshift Data API protocol fixtures and on the
 * embedded engine (hits, misses, a failure), observed into Micrometer's own CloudWatch registry,
 * whose {@code PutMetricData} requests are captured. Renaming a meter or a tag breaks this test,
 * not the production alarm. (No CloudWatch emulator exists here; the SDK client is a capturing
 * stand-in, the registry and its naming are Micrometer's.)
 */
class AlarmsMatchPublishedMetricsTest {

  private static final String NAMESPACE = "SupplyChain/Runway";
  private static final List<MetricDatum> PUBLISHED = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void runQueriesAndCapture() {
    CloudWatchAsyncClient capture =
        (CloudWatchAsyncClient)
            Proxy.newProxyInstance(
                CloudWatchAsyncClient.class.getClassLoader(),
                new Class<?>[] {CloudWatchAsyncClient.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("putMetricData")
                      && args != null
                      && args[0] instanceof PutMetricDataRequest r) {
                    assertThat(r.namespace()).isEqualTo(NAMESPACE);
                    PUBLISHED.addAll(r.metricData());
                    return CompletableFuture.completedFuture(
                        PutMetricDataResponse.builder().build());
                  }
                  if (method.getName().equals("close")) {
                    return null;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    CloudWatchConfig config =
        new CloudWatchConfig() {
          @Override
          public String get(String key) {
            return null;
          }

          @Override
          public String namespace() {
            return NAMESPACE;
          }
        };
    CloudWatchMeterRegistry cloudWatch = new CloudWatchMeterRegistry(config, Clock.SYSTEM, capture);
    ObservationRegistry observations = ObservationRegistry.create();
    observations
        .observationConfig()
        .observationHandler(new DefaultMeterObservationHandler(cloudWatch));
    RunwayObservations observe =
        RunwayObservations.builder(observations).meterRegistry(cloudWatch).build();

    try (AthenaFixture athenaFixture = new AthenaFixture();
        RedshiftDataFixture redshiftFixture = new RedshiftDataFixture();
        AthenaClient athenaSdk = sdk(AthenaClient.builder(), athenaFixture.endpoint());
        RedshiftDataClient redshiftSdk =
            sdk(RedshiftDataClient.builder(), redshiftFixture.endpoint())) {
      // Athena bills at least 10 MB a query: every successful one has a cost to count
      run(
          observe,
          cloudWatch,
          AthenaDatabaseClient.builder()
              .athenaClient(athenaSdk)
              .outputLocation("s3://results/q/")
              .resultFetch(AthenaDatabaseClient.ResultFetch.API)
              .build());
      run(
          observe,
          cloudWatch,
          RedshiftClients.dataApi()
              .client(redshiftSdk)
              .database("dev")
              .workgroup("analytics")
              .build());
      try (Runway embedded = Runway.builder().decorator(observe).build()) {
        new RunwayMetrics(embedded).bindTo(cloudWatch);
        Query q = Query.builder("SELECT 1 AS one").label("stock").build();
        embedded.database().execute(q);
        embedded.database().execute(q); // a cache hit
        assertThatThrownBy(
                () -> embedded.database().execute(Query.of("SELECT * FROM no_such_table")))
            .isInstanceOf(RuntimeException.class);
      }
      cloudWatch.close(); // publishes what was recorded
    }
    assertThat(PUBLISHED).isNotEmpty();
  }

  private static void run(
      RunwayObservations observe, CloudWatchMeterRegistry registry, DatabaseClient client) {
    try (Runway rw = Runway.builder().database(client).decorator(observe).build()) {
      new RunwayMetrics(rw).bindTo(registry);
      rw.database().execute(Query.builder("SELECT 1 AS one").label("stock").build());
    }
  }

  private static <
          B extends
              software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
                  & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, C>,
          C>
      C sdk(B builder, URI endpoint) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  @Test
  void everyRunwayInput_isAMetricRunwayPublishes() {
    int checked = 0;
    for (RunwayAlarms.Alarm alarm : RunwayAlarms.all()) {
      for (RunwayAlarms.Input in : alarm.inputs()) {
        if (in.namespace() != null) {
          continue; // an AWS service's own metric
        }
        List<MetricDatum> named =
            PUBLISHED.stream().filter(d -> d.metricName().equals(in.metricName())).toList();
        assertThat(named)
            .as("%s/%s: Runway publishes %s", alarm.id(), in.id(), in.metricName())
            .isNotEmpty();
        if (in instanceof RunwayAlarms.Metric m) {
          // a plain metric matches one series exactly: every dimension, nothing more
          assertThat(named.stream().map(AlarmsMatchPublishedMetricsTest::dims))
              .as("%s/%s: a series with exactly %s", alarm.id(), in.id(), m.dimensions())
              .contains(m.dimensions());
        } else {
          // a Metrics Insights filter: some series carries each dimension with that value
          assertThat(named)
              .as("%s/%s: a series matching %s", alarm.id(), in.id(), in.dimensions())
              .anySatisfy(d -> assertThat(dims(d)).containsAllEntriesOf(in.dimensions()));
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(9);
  }

  @Test
  void insightsQueries_quoteDottedNames() {
    RunwayAlarms.Insights q =
        new RunwayAlarms.Insights(
            "errors", "SUM", RunwayAlarms.QUERY_COUNT, Map.of("outcome", "error"));
    assertThat(q.sql(NAMESPACE))
        .isEqualTo(
            "SELECT SUM(\"runway.query.count\") FROM \"SupplyChain/Runway\" WHERE outcome = 'error'");
  }

  private static Map<String, String> dims(MetricDatum d) {
    return d.dimensions().stream().collect(Collectors.toMap(Dimension::name, Dimension::value));
  }
}
