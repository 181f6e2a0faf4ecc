package dev.runway.examples.infrastructure;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.CfnService;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The service ({@code examples/service}, Spring Boot) on ECS Fargate behind an Application Load
 * Balancer: the seeds' two tasks of 1 vCPU and 2 GB, a health check on {@code /health}, scaling to
 * ten tasks on CPU (70 %) and on requests per task (1,000 a minute), Container Insights for the
 * task count, and Runway's meters published to CloudWatch by Micrometer ({@code
 * management.cloudwatch.metrics.export.*}).
 */
public final class ServiceStack extends Stack {

  /** The container's port (the service's {@code PORT}). */
  public static final int PORT = 8080;

  private final ApplicationLoadBalancedFargateService service;
  private final Cluster cluster;

  /** Creates the stack. */
  public ServiceStack(
      Construct scope,
      String id,
      StackProps props,
      Settings settings,
      IVpc vpc,
      Backends backends) {
    super(scope, id, props);
    cluster =
        Cluster.Builder.create(this, "Cluster")
            .clusterName(settings.prefix() + "-cluster")
            .vpc(vpc)
            .containerInsightsV2(ContainerInsights.ENABLED)
            .build();

    Map<String, String> env =
        new java.util.LinkedHashMap<>(backends.environment(settings, getRegion()));
    env.put("MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE", settings.metricsNamespace());
    env.put("MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_STEP", "1m");
    env.put("PORT", String.valueOf(PORT));

    ApplicationLoadBalancedFargateService.Builder b =
        ApplicationLoadBalancedFargateService.Builder.create(this, "Service")
            .serviceName(settings.prefix() + "-service")
            .cluster(cluster)
            .cpu(1024)
            .memoryLimitMiB(2048)
            .desiredCount(settings.serviceTasks())
            .publicLoadBalancer(true)
            .assignPublicIp(false)
            .minHealthyPercent(100)
            .circuitBreaker(
                software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker.builder()
                    .rollback(true)
                    .build())
            .taskImageOptions(
                ApplicationLoadBalancedTaskImageOptions.builder()
                    .image(ContainerImage.fromRegistry(settings.serviceImage()))
                    .containerName("service")
                    .containerPort(PORT)
                    .environment(env)
                    .secrets(
                        Map.of(
                            "RUNWAY_CACHE_REDIS_PASSWORD",
                            Secret.fromSecretsManager(backends.cache().authToken())))
                    .logDriver(
                        LogDrivers.awsLogs(
                            software.amazon.awscdk.services.ecs.AwsLogDriverProps.builder()
                                .streamPrefix("service")
                                .build()))
                    .build());
    if (!settings.certificateArn().isEmpty()) {
      b.protocol(ApplicationProtocol.HTTPS)
          .redirectHttp(true)
          .certificate(
              Certificate.fromCertificateArn(this, "Certificate", settings.certificateArn()));
    }
    service = b.build();
    // The tasks also join the cache's client group. Not through the service's connections: the
    // load balancer would then add a rule to that group, in the network stack, referring to this
    // stack's load balancer, a cycle between the stacks. The group only lets its members reach
    // Redis; the load balancer reaches the tasks through the service's own group.
    ((CfnService) service.getService().getNode().getDefaultChild())
        .addPropertyOverride(
            "NetworkConfiguration.AwsvpcConfiguration.SecurityGroups",
            List.of(
                service
                    .getService()
                    .getConnections()
                    .getSecurityGroups()
                    .get(0)
                    .getSecurityGroupId(),
                backends.cache().clientGroup().getSecurityGroupId()));
    service
        .getTargetGroup()
        .configureHealthCheck(
            HealthCheck.builder()
                .path("/health")
                .interval(Duration.seconds(30))
                .healthyThresholdCount(2)
                .unhealthyThresholdCount(3)
                .build());
    service.getTargetGroup().setAttribute("deregistration_delay.timeout_seconds", "30");

    var taskRole = service.getTaskDefinition().getTaskRole();
    backends.grant(taskRole, this);
    taskRole.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .sid("PublishRunwayMetrics")
            .actions(List.of("cloudwatch:PutMetricData"))
            .resources(List.of("*")) // PutMetricData has no resource; the condition scopes it
            .conditions(
                Map.of("StringEquals", Map.of("cloudwatch:namespace", settings.metricsNamespace())))
            .build());

    ScalableTaskCount scaling =
        service
            .getService()
            .autoScaleTaskCount(
                EnableScalingProps.builder()
                    .minCapacity(settings.serviceTasks())
                    .maxCapacity(settings.serviceMaxTasks())
                    .build());
    scaling.scaleOnCpuUtilization(
        "CpuScaling", CpuUtilizationScalingProps.builder().targetUtilizationPercent(70).build());
    scaling.scaleOnRequestCount(
        "RequestScaling",
        RequestCountScalingProps.builder()
            .requestsPerTarget(1000)
            .targetGroup(service.getTargetGroup())
            .build());
  }

  /** Returns the load-balanced service. */
  public ApplicationLoadBalancedFargateService service() {
    return service;
  }

  /** Returns the cluster. */
  public Cluster cluster() {
    return cluster;
  }
}
