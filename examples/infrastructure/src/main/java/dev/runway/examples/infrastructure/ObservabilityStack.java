package dev.runway.examples.infrastructure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The seeds' dashboard ({@code <prefix>-production}: API requests, query response time, error rate,
 * ECS tasks) and every alarm of {@link RunwayAlarms}, each notifying one SNS topic.
 */
public final class ObservabilityStack extends Stack {

  private final Topic topic;
  private final List<Alarm> alarms = new ArrayList<>();

  /** Creates the stack. */
  public ObservabilityStack(
      Construct scope,
      String id,
      StackProps props,
      Settings settings,
      String apiName,
      String clusterName,
      String serviceName,
      String redshiftCluster) {
    super(scope, id, props);
    topic =
        Topic.Builder.create(this, "AlarmTopic")
            .topicName(settings.prefix() + "-alarms")
            .displayName("Supply Chain Alarms")
            .build();
    if (!settings.alarmEmail().isEmpty()) {
      topic.addSubscription(new EmailSubscription(settings.alarmEmail()));
    }
    SnsAction notify = new SnsAction(topic);
    for (RunwayAlarms.Alarm a : RunwayAlarms.all()) {
      if (a.onlyWithProvisionedRedshift() && redshiftCluster.isEmpty()) {
        continue;
      }
      Alarm alarm =
          Alarm.Builder.create(this, a.id())
              .alarmName(settings.prefix() + "-" + a.id())
              .alarmDescription(a.title() + " " + a.condition() + " (" + a.source() + ")")
              .metric(metric(a, settings.metricsNamespace(), redshiftCluster))
              .threshold(a.threshold())
              .comparisonOperator(
                  a.comparison() == RunwayAlarms.Comparison.ABOVE
                      ? ComparisonOperator.GREATER_THAN_THRESHOLD
                      : ComparisonOperator.LESS_THAN_THRESHOLD)
              .evaluationPeriods(a.evaluationPeriods())
              .datapointsToAlarm(a.evaluationPeriods())
              // no queries is no error and no latency; the cost and hit rate have no value then
              .treatMissingData(TreatMissingData.NOT_BREACHING)
              .build();
      alarm.addAlarmAction(notify);
      alarms.add(alarm);
    }

    Dashboard.Builder.create(this, "Dashboard")
        .dashboardName(settings.prefix() + "-production")
        .widgets(
            List.of(
                List.of(
                    GraphWidget.Builder.create()
                        .title("API Request Count")
                        .left(
                            List.of(
                                Metric.Builder.create()
                                    .namespace("AWS/ApiGateway")
                                    .metricName("Count")
                                    .dimensionsMap(Map.of("ApiName", apiName))
                                    .statistic("Sum")
                                    .period(Duration.minutes(1))
                                    .build()))
                        .width(12)
                        .build(),
                    GraphWidget.Builder.create()
                        .title("Query Response Time (ms, cache misses)")
                        .left(
                            List.of(
                                metric(
                                    find("AthenaLatency"),
                                    settings.metricsNamespace(),
                                    redshiftCluster),
                                metric(
                                    find("RedshiftLatency"),
                                    settings.metricsNamespace(),
                                    redshiftCluster)))
                        .width(12)
                        .build()),
                List.of(
                    GraphWidget.Builder.create()
                        .title("Error Rate (%)")
                        .left(
                            List.of(
                                metric(
                                    find("QueryErrorRate"),
                                    settings.metricsNamespace(),
                                    redshiftCluster)))
                        .width(12)
                        .build(),
                    GraphWidget.Builder.create()
                        .title("ECS Task Count")
                        .left(
                            List.of(
                                Metric.Builder.create()
                                    .namespace("ECS/ContainerInsights")
                                    .metricName("RunningTaskCount")
                                    .dimensionsMap(
                                        Map.of(
                                            "ClusterName", clusterName,
                                            "ServiceName", serviceName))
                                    .statistic("Average")
                                    .period(Duration.minutes(1))
                                    .build()))
                        .width(12)
                        .build())))
        .build();
  }

  private static RunwayAlarms.Alarm find(String id) {
    return RunwayAlarms.all().stream()
        .filter(a -> a.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no alarm " + id));
  }

  /** The alarm's value as a CDK metric: one metric, or metric math over its inputs. */
  static IMetric metric(RunwayAlarms.Alarm a, String namespace, String redshiftCluster) {
    Duration period = Duration.seconds(a.period().toSeconds());
    Map<String, IMetric> using = new LinkedHashMap<>();
    for (RunwayAlarms.Input in : a.inputs()) {
      using.put(in.id(), input(in, namespace, redshiftCluster, period));
    }
    if (a.expression() == null) {
      return using.values().iterator().next();
    }
    return MathExpression.Builder.create()
        .expression(a.expression())
        .usingMetrics(using)
        .label(a.title())
        .period(period)
        .build();
  }

  private static IMetric input(
      RunwayAlarms.Input in, String namespace, String redshiftCluster, Duration period) {
    if (in instanceof RunwayAlarms.Insights q) {
      // a Metrics Insights query is a math expression without metrics of its own
      return MathExpression.Builder.create()
          .expression(q.sql(namespace))
          .usingMetrics(Map.of())
          .label(q.id())
          .period(period)
          .build();
    }
    RunwayAlarms.Metric m = (RunwayAlarms.Metric) in;
    Map<String, String> dims = new LinkedHashMap<>();
    m.dimensions().forEach((k, v) -> dims.put(k, v.replace("${cluster}", redshiftCluster)));
    return Metric.Builder.create()
        .namespace(m.namespace() == null ? namespace : m.namespace())
        .metricName(m.metricName())
        .dimensionsMap(dims)
        .statistic(m.statistic())
        .period(period)
        .build();
  }

  /** Returns the topic every alarm notifies. */
  public Topic topic() {
    return topic;
  }

  /** Returns the alarms made. */
  public List<Alarm> alarms() {
    return List.copyOf(alarms);
  }
}
