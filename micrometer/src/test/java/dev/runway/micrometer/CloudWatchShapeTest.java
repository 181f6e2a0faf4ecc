package dev.runway.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.runway.core.Runway;
import dev.runway.core.query.Query;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * What Micrometer's CloudWatch registry publishes for Runway's meters: the shape the README's
 * alarms are written against. No CloudWatch emulator exists here, so the SDK client is a mock that
 * captures {@code PutMetricData}; the registry and its naming are Micrometer's own.
 */
class CloudWatchShapeTest {

  @Test
  void runwayMeters_arePublishedWithNamesDimensionsAndUnits() {
    List<PutMetricDataRequest> sent = new CopyOnWriteArrayList<>();
    CloudWatchAsyncClient client = mock(CloudWatchAsyncClient.class);
    when(client.putMetricData(any(PutMetricDataRequest.class)))
        .thenAnswer(
            inv -> {
              sent.add(inv.getArgument(0));
              return CompletableFuture.completedFuture(PutMetricDataResponse.builder().build());
            });
    CloudWatchConfig config =
        new CloudWatchConfig() {
          @Override
          public String get(String key) {
            return null;
          }

          @Override
          public String namespace() {
            return "SupplyChain/Runway";
          }
        };
    CloudWatchMeterRegistry cloudWatch = new CloudWatchMeterRegistry(config, Clock.SYSTEM, client);
    ObservationRegistry observations = ObservationRegistry.create();
    observations
        .observationConfig()
        .observationHandler(new DefaultMeterObservationHandler(cloudWatch));
    try (Runway rw =
        Runway.builder()
            .decorator(RunwayObservations.builder(observations).meterRegistry(cloudWatch).build())
            .build()) {
      new RunwayMetrics(rw).bindTo(cloudWatch);
      Query q = Query.builder("SELECT 1").label("stock").build();
      rw.database().execute(q);
      rw.database().execute(q);
      cloudWatch.close(); // publishes once
    }

    assertThat(sent).isNotEmpty();
    assertThat(sent).allSatisfy(r -> assertThat(r.namespace()).isEqualTo("SupplyChain/Runway"));
    Map<String, List<MetricDatum>> byName =
        sent.stream()
            .flatMap(r -> r.metricData().stream())
            .collect(Collectors.groupingBy(MetricDatum::metricName));
    // a timer becomes .count, .sum, .max (and .avg) data; the alarms use runway.query.sum / .count
    MetricDatum querySum =
        byName.get("runway.query.sum").stream()
            .filter(d -> dims(d).get("runway.cache").equals("miss"))
            .findFirst()
            .orElseThrow();
    assertThat(querySum.unit()).isEqualTo(StandardUnit.MILLISECONDS);
    assertThat(dims(querySum))
        .containsEntry("runway.engine", "duckdb")
        .containsEntry("outcome", "success")
        .containsEntry("runway.query.label", "stock")
        .containsEntry("error.category", "none");
    assertThat(byName.get("runway.query.count"))
        .allSatisfy(d -> assertThat(d.unit()).isEqualTo(StandardUnit.COUNT));
    MetricDatum hits =
        byName.get("cache.gets.count").stream()
            .filter(d -> "hit".equals(dims(d).get("result")))
            .findFirst()
            .orElseThrow();
    assertThat(hits.value()).isEqualTo(1.0);
    assertThat(dims(hits)).containsEntry("cache", "runway");
    assertThat(byName).containsKeys("cache.puts.count", "runway.circuit.state.value");
  }

  private static Map<String, String> dims(MetricDatum d) {
    return d.dimensions().stream().collect(Collectors.toMap(Dimension::name, Dimension::value));
  }
}
