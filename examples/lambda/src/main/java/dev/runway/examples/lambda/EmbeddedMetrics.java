package dev.runway.examples.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.core.Runway;
import dev.runway.micrometer.RunwayMetrics;
import dev.runway.micrometer.RunwayObservations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runway's meters as CloudWatch Embedded Metric Format log lines, so that a Lambda function
 * publishes the same metrics as the service's CloudWatch registry without a call to CloudWatch: the
 * same names ({@code runway.query.count}, {@code .sum}, {@code .max} for a timer; {@code .count}
 * for a counter; {@code .value} for a gauge), the tags as dimensions, under one namespace. After
 * each invocation, {@link #flush()} writes one JSON line per meter that changed (what happened
 * since the last flush: counts and sums are deltas) to standard output, which Lambda sends to
 * CloudWatch Logs, where the lines become metrics. A Lambda environment runs one invocation at a
 * time, so a flush never splits one.
 */
final class EmbeddedMetrics {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String namespace;
  private final Consumer<String> out;
  private final Clock clock;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ObservationRegistry observations = ObservationRegistry.create();
  private final Map<Meter.Id, double[]> previous = new HashMap<>();

  /** Metrics under {@code namespace}, written to {@code out} (standard output in Lambda). */
  EmbeddedMetrics(String namespace, Consumer<String> out, Clock clock) {
    this.namespace = namespace;
    this.out = out;
    this.clock = clock;
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
  }

  /** The decorator that times Runway's calls into these meters. */
  RunwayObservations decorator() {
    return RunwayObservations.builder(observations).meterRegistry(meters).build();
  }

  /** Adds Runway's gauges and cache counters. */
  void bind(Runway runway) {
    new RunwayMetrics(runway).bindTo(meters);
  }

  /** Writes what changed since the last flush. */
  void flush() {
    long now = clock.millis();
    for (Meter m : meters.getMeters()) {
      Map<String, Object> values = new LinkedHashMap<>();
      Map<String, String> units = new LinkedHashMap<>();
      String name = m.getId().getName();
      if (m instanceof Timer t) {
        double[] d = delta(m, t.count(), t.totalTime(TimeUnit.MILLISECONDS));
        if (d[0] > 0) {
          put(values, units, name + ".count", d[0], "Count");
          put(values, units, name + ".sum", d[1], "Milliseconds");
          put(values, units, name + ".max", t.max(TimeUnit.MILLISECONDS), "Milliseconds");
          put(values, units, name + ".avg", d[1] / d[0], "Milliseconds");
        }
      } else if (m instanceof FunctionTimer t) {
        double[] d = delta(m, t.count(), t.totalTime(TimeUnit.MILLISECONDS));
        if (d[0] > 0) {
          put(values, units, name + ".count", d[0], "Count");
          put(values, units, name + ".sum", d[1], "Milliseconds");
          put(values, units, name + ".avg", d[1] / d[0], "Milliseconds");
        }
      } else if (m instanceof DistributionSummary s) {
        double[] d = delta(m, s.count(), s.totalAmount());
        if (d[0] > 0) {
          String unit = "bytes".equals(m.getId().getBaseUnit()) ? "Bytes" : "None";
          put(values, units, name + ".count", d[0], "Count");
          put(values, units, name + ".sum", d[1], unit);
          put(values, units, name + ".max", s.max(), unit);
          put(values, units, name + ".avg", d[1] / d[0], unit);
        }
      } else if (m instanceof Counter c) {
        double[] d = delta(m, c.count(), 0);
        if (d[0] > 0) {
          put(values, units, name + ".count", d[0], "Count");
        }
      } else if (m instanceof FunctionCounter c) {
        double[] d = delta(m, c.count(), 0);
        if (d[0] > 0) {
          put(values, units, name + ".count", d[0], "Count");
        }
      } else if (m instanceof TimeGauge g) {
        put(values, units, name + ".value", g.value(TimeUnit.MILLISECONDS), "Milliseconds");
      } else if (m instanceof Gauge g) {
        put(values, units, name + ".value", g.value(), "None");
      }
      if (!values.isEmpty()) {
        out.accept(line(now, m, values, units));
      }
    }
  }

  /** The change of two cumulative numbers since the last flush. */
  private double[] delta(Meter m, double count, double total) {
    double[] last = previous.put(m.getId(), new double[] {count, total});
    return last == null
        ? new double[] {count, total}
        : new double[] {count - last[0], total - last[1]};
  }

  private static void put(
      Map<String, Object> values, Map<String, String> units, String name, double v, String unit) {
    if (Double.isFinite(v)) { // CloudWatch refuses NaN and infinities
      values.put(name, v);
      units.put(name, unit);
    }
  }

  private String line(
      long timestamp, Meter m, Map<String, Object> values, Map<String, String> units) {
    ObjectNode doc = JSON.createObjectNode();
    ObjectNode aws = doc.putObject("_aws");
    aws.put("Timestamp", timestamp);
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", namespace);
    ArrayNode dimensions = directive.putArray("Dimensions").addArray();
    for (Tag t : m.getId().getTagsAsIterable()) {
      dimensions.add(t.getKey());
      doc.put(t.getKey(), t.getValue());
    }
    ArrayNode metrics = directive.putArray("Metrics");
    units.forEach((name, unit) -> metrics.addObject().put("Name", name).put("Unit", unit));
    values.forEach((name, v) -> doc.put(name, ((Number) v).doubleValue()));
    return doc.toString();
  }
}
