package dev.runway.examples.infrastructure;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.LambdaRestApi;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The seed's REST API on Lambda: the handler package of {@code examples/lambda} (Java 21, SnapStart
 * on published versions, so the init phase that builds Runway runs once per version, not per cold
 * start) behind an API Gateway REST API with the seeds' throttling (100 requests a second, bursts
 * of 200). The function runs in the private subnets, in the cache's client group.
 */
public final class ApiStack extends Stack {

  /** The seeds' steady request rate. */
  public static final double RATE_LIMIT = 100;

  /** The seeds' burst. */
  public static final int BURST_LIMIT = 200;

  private final LambdaRestApi api;
  private final Function function;

  /** Creates the stack. */
  public ApiStack(
      Construct scope,
      String id,
      StackProps props,
      Settings settings,
      IVpc vpc,
      Backends backends) {
    super(scope, id, props);
    Map<String, String> env =
        new java.util.LinkedHashMap<>(backends.environment(settings, getRegion()));
    // resolved by CloudFormation at deployment; the template holds only the reference
    env.put(
        "RUNWAY_CACHE_REDIS_PASSWORD",
        backends.cache().authToken().getSecretValue().unsafeUnwrap());
    // Runway's meters as Embedded Metric Format log lines, under the namespace the alarms read
    env.put("METRICS_NAMESPACE", settings.metricsNamespace());

    LogGroup logs =
        LogGroup.Builder.create(this, "FunctionLogs").retention(RetentionDays.ONE_MONTH).build();
    function =
        Function.Builder.create(this, "AssistantFunction")
            .functionName(settings.prefix() + "-api")
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.X86_64)
            .handler("dev.runway.examples.lambda.AssistantHandler::handleRequest")
            .code(Code.fromAsset(settings.lambdaJar()))
            .memorySize(1024)
            .timeout(Duration.seconds(29)) // API Gateway's integration limit
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .environment(env)
            .logGroup(logs)
            .vpc(vpc)
            .vpcSubnets(
                SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
            .securityGroups(List.of(backends.cache().clientGroup()))
            .build();
    // SnapStart applies to published versions: the alias below publishes one with every change
    Annotations.of(function)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish", "the alias 'live' publishes a version");
    backends.grant(function.getRole(), this);

    Alias live =
        Alias.Builder.create(this, "Live")
            .aliasName("live")
            .version(function.getCurrentVersion())
            .build();

    api =
        LambdaRestApi.Builder.create(this, "Api")
            .restApiName(settings.prefix() + "-api")
            .description("The supply-chain assistant's API")
            .handler(live)
            .proxy(true)
            .deployOptions(
                StageOptions.builder()
                    .stageName("prod")
                    .throttlingRateLimit(RATE_LIMIT)
                    .throttlingBurstLimit(BURST_LIMIT)
                    .metricsEnabled(true)
                    .loggingLevel(MethodLoggingLevel.ERROR)
                    .build())
            .build();
  }

  /** Returns the API. */
  public LambdaRestApi api() {
    return api;
  }

  /** Returns the function. */
  public Function function() {
    return function;
  }
}
